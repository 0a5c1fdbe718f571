"""The scope matrix of supervision visits: every visit page and API route, as every demo role,
on the visits of three schools (s01, its sibling s02, and a school in another district).

Out of scope is 404. In scope, a route is its success status when the person's role grants one
of the route's capabilities there (the visit's own inspectors: the demo bureau's two people are
on every visit here), else 403. A refused POST leaves the school exactly as it was, and an
allowed one changes it.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import AuditEvent, Org, OrgKind, User
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.hazards.models import Hazard
from safecampus.supervision.api.visits import router
from safecampus.supervision.models import SupervisionVisit, VisitKind, VisitResult, VisitStatus
from safecampus.supervision.services import visits as services
from safecampus.supervision.urls import visit_patterns
from tests.roles import ROLE_OF
from tests.scope import (
    Fresh,
    Id,
    api_operations,
    api_tried,
    assert_anonymous_refused,
    built_targets,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)
from tests.supervision.visits_helpers import bureau_of, first_item, plan, version_for, visit_in

pytestmark = pytest.mark.django_db

V, M, R = Cap.SUPERVISION_VIEW, Cap.SUPERVISION_MANAGE, Cap.SUPERVISION_RESPOND
NEW = Fresh(lambda: str(uuid.uuid4()))
TOMORROW = Fresh(lambda: f"{timezone.localdate() + timedelta(days=1)}")


@dataclass(frozen=True)
class Route:
    url: str
    caps: tuple = ()
    method: str = "get"
    data: object = field(default_factory=dict)
    ok: int = 200
    level: str = "school"  # "district": the bureau's address; "any": no org in the address
    json: bool = False


PLAN = {
    "kind": "routine",
    "title": "矩阵督导",
    "planned_on": TOMORROW,
    "lead": Id("lead"),
    "schools": [Id("school")],
    "version": Id("version"),
}
S = "/supervision/visits/"
PAGES = {
    "visits_school": Route("/orgs/{school}/supervision/visits/", (V,)),
    "visits_district": Route("/orgs/{district}/supervision/visits/", (V,), level="district"),
    "plan": Route("/orgs/{district}/supervision/visits/new/", (M,), level="district"),
    "plan_post": Route(
        "/orgs/{district}/supervision/visits/new/", (M,), "post", PLAN, 302, level="district"
    ),
    "mine": Route(S + "mine/", level="any"),
    "visit": Route(S + "{issued}/", (V,)),
    "run": Route(S + "{under_way}/run/", (M,)),
    "start": Route(S + "{planned}/start/", (M,), "post", {}, 302),
    "record": Route(
        S + "{under_way}/items/{item}/",
        (M,),
        "post",
        lambda ids: {f"i{ids['item']}-outcome": "fail", f"i{ids['item']}-note": "矩阵发现"},
        302,
    ),
    "issue": Route(
        S + "{under_way}/issue/",
        (M,),
        "post",
        {"opinion": "矩阵意见", "rectify_by": TOMORROW},
        302,
    ),
    "respond": Route(
        S + "{issued}/respond/", (R,), "post", {"kind": "objection", "text": "申辩"}, 302
    ),
    "close": Route(S + "{issued}/close/", (M,), "post", {"note": "复查"}, 302),
    "cancel": Route(S + "{planned}/cancel/", (M,), "post", {"reason": "改期"}, 302),
}
A = "/api/v1/"
API_PLAN = {
    "kind": "routine",
    "title": "矩阵督导",
    "planned_on": TOMORROW,
    "lead_id": Id("lead"),
    "school_ids": [Id("school")],
    "version_id": Id("version"),
}
API = {
    "api_school": Route(A + "orgs/{school}/supervision-visits", (V,)),
    "api_district": Route(A + "orgs/{district}/supervision-visits", (V,), level="district"),
    "api_plan": Route(
        A + "orgs/{district}/supervision-visits",
        (M,),
        "post",
        API_PLAN,
        201,
        level="district",
        json=True,
    ),
    "api_visit": Route(A + "supervision-visits/{issued}", (V,)),
    "api_start": Route(A + "supervision-visits/{planned}/start", (M,), "post", {}, json=True),
    "api_record": Route(
        A + "supervision-visits/{under_way}/results",
        (M,),
        "post",
        {"item_id": Id("item"), "outcome": "fail", "note": "矩阵", "client_uuid": NEW},
        201,
        json=True,
    ),
    "api_issue": Route(
        A + "supervision-visits/{under_way}/issue",
        (M,),
        "post",
        {"opinion": "意见", "rectify_by": TOMORROW},
        json=True,
    ),
    "api_respond": Route(
        A + "supervision-visits/{issued}/respond",
        (R,),
        "post",
        {"kind": "rectification", "text": "已整改"},
        json=True,
    ),
    "api_close": Route(
        A + "supervision-visits/{issued}/close", (M,), "post", {"note": "复查"}, json=True
    ),
    "api_cancel": Route(
        A + "supervision-visits/{planned}/cancel", (M,), "post", {"reason": "改期"}, json=True
    ),
}
ROUTES = {**PAGES, **API}
TEAM = ("bureau.admin",)


def test_every_route_is_in_the_matrix():
    ids = dict.fromkeys(["school", "district", "issued", "under_way", "planned", "item"], 7)
    # The visit's documents and the cadence pages have their own matrix (test_visitdocs_scope).
    mine = {p.name for p in visit_patterns if p.callback.__module__.endswith(".views.visits")}
    assert page_names(PAGES.values(), ids) == mine
    assert api_tried(API.values(), ids) == api_operations(router)


def _outside_visits():
    school = outside_school()
    district = school.parent
    lead = User.objects.get(username="bureau.inspector")
    version = version_for(bureau_of(Org.objects.get(code="s01")))
    made = {}
    for status in ("planned", "under_way", "issued"):
        visit = SupervisionVisit.objects.create(
            bureau=district,
            school=school,
            plan_id=uuid.uuid4(),
            kind=VisitKind.ROUTINE,
            title="城北督导",
            planned_on=timezone.localdate(),
            version=version,
            lead=lead,
            status=status,
            created_by=lead,
            created_at=timezone.now(),
            started_at=None if status == "planned" else timezone.now(),
        )
        visit.inspectors.set(User.objects.filter(username__in=TEAM))
        made[status] = visit
    return school, made


def _with_a_result(visit):
    VisitResult.objects.create(
        visit=visit,
        item=first_item(visit),
        outcome="pass",
        recorded_by=visit.lead,
        recorded_at=timezone.now(),
    )
    return visit


def _objects(target):
    if target == "outside":
        school, made = _outside_visits()
    else:
        school = Org.objects.get(code=target)
        made = {
            "planned": plan(school, more=TEAM),
            "under_way": plan(school, more=TEAM),
            "issued": visit_in(VisitStatus.ISSUED, school),
        }
        made["issued"].inspectors.add(*User.objects.filter(username__in=TEAM))
        services.start_visit(actor=made["under_way"].lead, visit=made["under_way"])
    _with_a_result(made["under_way"])
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    return {
        "school": school.pk,
        "district": district.pk,
        "planned": made["planned"].pk,
        "under_way": made["under_way"].pk,
        "issued": made["issued"].pk,
        "item": made["under_way"].version.items.order_by("position").last().pk,
        "lead": User.objects.get(username="bureau.inspector").pk,
        "version": made["planned"].version_id,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows):
    return built_targets(module_rows, _objects)


def fingerprint(school_id):
    return (
        list(
            SupervisionVisit.objects.filter(school_id=school_id)
            .order_by("pk")
            .values_list("pk", "status", "opinion", "response_text", "recheck_note")
        ),
        VisitResult.objects.filter(visit__school_id=school_id).count(),
        Hazard.objects.filter(school_id=school_id).count(),
        AuditEvent.objects.filter(org_id=school_id).count(),
    )


def expected(route, username, target):
    if route.level == "any":
        return route.ok
    if not in_scope(username, target, route.level):
        return 404
    if route.caps and not set(route.caps) & CAPABILITIES[ROLE_OF[username]]:
        return 403
    return route.ok


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
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(
        ROUTES[name], ids, api=name in API, fingerprint=lambda: fingerprint(ids["school"])
    )
