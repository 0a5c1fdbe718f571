"""The scope matrix of patrols: every patrol page and API route, as every demo role, on the
objects of three schools (s01, its sibling s02, and a school in another district made here).

Out of scope is always 404 (the batch scan API answers 200 with every scan refused, and
changes nothing). In scope, a route is its success status when the person's role grants one of
the route's capabilities there, else 403; an API object the person may not see is 404. A refused
POST leaves the school exactly as it was, and an allowed one changes it.
"""

import itertools
import uuid
from dataclasses import dataclass, field

import pytest

from safecampus.core.models import AuditEvent, Org, OrgKind, User, Zone
from safecampus.core.models.grid import ZoneKind
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.patrols import services
from safecampus.patrols.api import router
from safecampus.patrols.models import (
    Checkpoint,
    PatrolRules,
    Round,
    Route,
    RouteStop,
    RouteWindow,
    Scan,
)
from safecampus.patrols.urls import urlpatterns
from tests.helpers import make_user
from tests.patrols.helpers import open_round
from tests.roles import ROLE_OF
from tests.scope import (
    Fresh,
    Id,
    api_operations,
    api_tried,
    assert_anonymous_refused,
    built_targets,
    call,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)

pytestmark = pytest.mark.django_db

V, R, M = Cap.PATROL_VIEW, Cap.PATROL_RUN, Cap.PATROL_MANAGE
NEW = Fresh(lambda: str(uuid.uuid4()))  # a fresh UUID in each request


@dataclass(frozen=True)
class Route_:
    url: str
    caps: tuple = ()
    method: str = "get"
    data: dict = field(default_factory=dict)
    ok: int = 200
    level: str = "school"
    json: bool = False
    changes: bool = True  # an allowed POST changes the school
    visible: tuple = ()  # API: the object must be visible through one of these first


CHECKPOINT = {"zone": Id("zone"), "name": "矩阵巡更点", "code": "MX1", "active": "on"}
ROUTE = {"name": "矩阵路线", "codes": Id("codes"), "key_areas": "on", "active": "on"}
WINDOW = {"kind": "lunch", "start": "12:00", "end": "12:30", "tolerance_minutes": "10"}
SCAN = {"client_uuid": NEW, "code": Id("code"), "category": "other"}
FIGURES = itertools.count(6)
RULES = {
    # A new figure each time: posting the same rules twice rightly changes nothing.
    "min_rounds_per_day": Fresh(lambda: str(next(FIGURES) % 20 + 1)),
    "tolerance_minutes": "15",
    "late_limit_minutes": "90",
    "source": "区教育局通知",
}
S = "/schools/{school}/patrols/"
PAGES = {
    "today": Route_(S, (V, R)),
    "round": Route_(S + "rounds/{round}/", (V, R)),
    "start": Route_(S + "rounds/{round}/start/", (R,), "post", {}, 302),
    "scan": Route_(S + "rounds/{round}/scan/", (R,), "post", SCAN, 302),
    "checkpoints": Route_(S + "checkpoints/", (V,)),
    "checkpoint_create": Route_(S + "checkpoints/new/", (M,)),
    "checkpoint_create_post": Route_(S + "checkpoints/new/", (M,), "post", CHECKPOINT, 302),
    "checkpoint": Route_(S + "checkpoints/{checkpoint}/", (M,)),
    "checkpoint_post": Route_(S + "checkpoints/{checkpoint}/", (M,), "post", CHECKPOINT, 302),
    "renew": Route_(S + "checkpoints/{checkpoint}/renew/", (M,), "post", {}, 302),
    "label_png": Route_(S + "checkpoints/{checkpoint}/label.png", (V,)),
    "labels_pdf": Route_(S + "labels.pdf", (V,)),
    "routes": Route_(S + "routes/", (V,)),
    "route_create": Route_(S + "routes/new/", (M,)),
    "route_create_post": Route_(S + "routes/new/", (M,), "post", ROUTE, 302),
    # The school has routes already: the defaults are refused with a message, nothing changes.
    "defaults": Route_(S + "routes/defaults/", (M,), "post", {}, 302, changes=False),
    "route": Route_(S + "routes/{route}/", (M,)),
    "route_post": Route_(S + "routes/{route}/", (M,), "post", ROUTE, 302),
    "window_add": Route_(S + "routes/{route}/windows/", (M,), "post", WINDOW, 302),
    "window_remove": Route_(S + "routes/{route}/windows/{window}/remove/", (M,), "post", {}, 302),
    "oversight": Route_(S + "oversight/", (V,)),
    "oversight_export": Route_(S[:-1] + "/oversight.xlsx", (V,)),
    "problems": Route_(S + "problems/", (V,)),
    "bureau_school": Route_("/orgs/{school}/patrols/", (V,)),
    "bureau_district": Route_("/orgs/{district}/patrols/", (V,), level="district"),
    "bureau_export": Route_("/orgs/{district}/patrols.xlsx", (V,), level="district"),
    "rules_school": Route_("/orgs/{school}/patrol-rules/", (Cap.PATROL_RULES,)),
    "rules_district": Route_(
        "/orgs/{district}/patrol-rules/", (Cap.PATROL_RULES,), level="district"
    ),
    "rules_post": Route_(
        "/orgs/{district}/patrol-rules/", (Cap.PATROL_RULES,), "post", RULES, 302, level="district"
    ),
}
A = "/api/v1/"
BATCH = {"scans": [{"client_uuid": NEW, "round_id": Id("round"), "code": Id("code")}]}
API = {
    # The codes are the proof of a visit: a guard who walks rounds does not get the list.
    "api_checkpoints": Route_(A + "checkpoints?school_id={school}", (V,)),
    "api_rounds": Route_(A + "patrol-rounds?school_id={school}"),
    "api_round": Route_(A + "patrol-rounds/{round}", visible=(V, R)),
    "api_start": Route_(
        A + "patrol-rounds/{round}/start", (R,), "post", {}, 200, json=True, visible=(V, R)
    ),
    "api_scans": Route_(A + "patrol-scans", (R,), "post", BATCH, 200, json=True),
}
ROUTES = {**PAGES, **API}


def test_every_route_is_in_the_matrix():
    ids = dict.fromkeys(["school", "district", "round", "checkpoint", "route", "window"], 7)
    assert page_names(PAGES.values(), ids) == {p.name for p in urlpatterns}
    assert api_tried(API.values(), ids) == api_operations(router)


@pytest.fixture(scope="module")
def outside():
    school = outside_school(school_kind=SchoolKind.PRIMARY)
    for username, role in (("n01.officer", Role.SAFETY_OFFICER), ("n01.guard", Role.GUARD)):
        make_user(username, username, school, role)
    Zone.objects.create(school=school, name="南大门", kind=ZoneKind.GATE)
    Zone.objects.create(school=school, name="围墙", kind=ZoneKind.PERIMETER)
    services.create_default_routes(actor=User.objects.get(username="n01.officer"), school=school)
    return school


def _objects(target, request):
    if target == "outside":
        request.getfixturevalue("outside")
    code = "n01" if target == "outside" else target
    school = Org.objects.get(code=code)
    round_, cps = open_round(code, stops=2, name=f"矩阵{uuid.uuid4().hex[:6]}")
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    route = round_.route
    return {
        "school": school.pk,
        "district": district.pk,
        "round": round_.pk,
        "checkpoint": cps[0].pk,
        "code": cps[0].code,
        "codes": " ".join(c.code for c in reversed(cps)),
        "zone": cps[0].zone_id,
        "route": route.pk,
        "window": route.windows.first().pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint(school_id):
    def rows(qs, *fields):
        return list(qs.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.filter(org_id=school_id).count(),
        rows(Checkpoint.objects.filter(school_id=school_id), "code", "name", "token", "active"),
        rows(Route.objects.filter(school_id=school_id), "name", "active", "key_areas"),
        rows(RouteStop.objects.filter(route__school_id=school_id), "checkpoint_id", "position"),
        rows(RouteWindow.objects.filter(route__school_id=school_id), "start", "end", "active"),
        rows(Round.objects.filter(school_id=school_id), "status", "started_at", "guard_id"),
        rows(Scan.objects.filter(round__school_id=school_id), "checkpoint_id"),
        rows(PatrolRules.objects.all(), "org_id", "min_rounds_per_day", "tolerance_minutes"),
    )


def expected(route, username, target):
    caps = CAPABILITIES[ROLE_OF[username]]
    if not in_scope(username, target, route.level):
        return 200 if route is API["api_scans"] else 404
    if route.visible and not set(route.visible) & caps:
        return 404
    if route.caps and not set(route.caps) & caps:
        return 200 if route is API["api_scans"] else 403
    return route.ok


def may_change(route, username, target):
    caps = CAPABILITIES[ROLE_OF[username]]
    return (
        route.changes
        and in_scope(username, target, route.level)
        and (not route.visible or bool(set(route.visible) & caps))
        and (not route.caps or bool(set(route.caps) & caps))
    )


@pytest.mark.parametrize("username", list(ROLE_OF))
@pytest.mark.parametrize("name", list(ROUTES))
def test_scope(name, username, login, made):
    route = ROUTES[name]
    got, want, wrong = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        fingerprint=lambda ids: fingerprint(ids["school"]),
        must_change=lambda target, _want: may_change(route, username, target),
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(
        ROUTES[name], ids, api=name in API, fingerprint=lambda: fingerprint(ids["school"])
    )


# Objects of s02 under s01's address: the school is visible, the object is not there.
FOREIGN = {
    "round": "round",
    "start": "round",
    "scan": "round",
    "checkpoint": "checkpoint",
    "checkpoint_post": "checkpoint",
    "renew": "checkpoint",
    "label_png": "checkpoint",
    "route": "route",
    "route_post": "route",
    "window_add": "route",
}


@pytest.mark.parametrize("username", ["s01.officer", "bureau.admin"])
@pytest.mark.parametrize("name", list(FOREIGN))
def test_an_object_of_another_school_is_not_found_under_this_one(name, username, login, made):
    route = PAGES[name]
    s01, s02 = made["s01"], made["s02"]
    key = FOREIGN[name]
    ids = {**s01, key: s02[key]}
    before = fingerprint(s01["school"]), fingerprint(s02["school"])
    response = call(login(username), route, ids)
    caps = CAPABILITIES[ROLE_OF[username]]
    assert response.status_code == (404 if set(route.caps) & caps else 403)
    assert (fingerprint(s01["school"]), fingerprint(s02["school"])) == before
