"""The scope matrix of the safety calendar: every page and API route, as every demo role, on
three schools (s01, its sibling s02, a school in another district).

Out of scope is always 404. In scope, a route answers its success status, or 403 when
roles.CAPABILITIES does not give the person the route's capability there. Making a link
changes the person's links; revoking someone else's link is a 404 and changes nothing (the
owner's revoke is in test_calendar.py). The feed itself has no login: its key is the proof
(test_calendar.py)."""

from dataclasses import dataclass, field

import pytest

from safecampus.core.models import AuditEvent, Org, User
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.reports.api import router
from safecampus.reports.models import CalendarFeed
from safecampus.reports.services import create_feed
from safecampus.reports.urls import urlpatterns
from tests.helpers import make_user
from tests.roles import ROLE_OF
from tests.scope import (
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


@dataclass(frozen=True)
class Route:
    url: str
    cap: str
    method: str = "get"
    data: object = field(default_factory=dict)
    ok: int = 200
    json: bool = False
    # Allowed, the route still finds nothing (another person's link).
    foreign: bool = False


V = Cap.REPORT_VIEW
PAGES = {
    "calendar": Route("/schools/{school}/safety-calendar/", V),
    "calendar_list": Route("/schools/{school}/safety-calendar/?view=list", V),
    "calendar_xlsx": Route("/schools/{school}/safety-calendar.xlsx", V),
    "calendar_link": Route("/schools/{school}/safety-calendar/link/", V, "post"),
    "calendar_revoke": Route(
        "/schools/{school}/safety-calendar/link/{feed}/revoke/", V, "post", ok=404, foreign=True
    ),
}
API = {
    "api_calendar": Route(
        "/api/v1/schools/{school}/safety-calendar?start=2026-09-01&end=2027-01-22", V
    ),
}
ROUTES = {**PAGES, **API}
# The feed answers anyone holding a working key; test_calendar.py tries it.
PUBLIC = {"calendar_feed"}


def test_every_route_is_in_the_matrix():
    ids = {"school": 7, "feed": 7}
    names = {p.name for p in urlpatterns if p.name.startswith("calendar")} - PUBLIC
    assert page_names(PAGES.values(), ids) == names
    assert api_tried(API.values(), ids) == {
        op for op in api_operations(router) if "safety-calendar" in op[1]
    }


def _objects(target):
    school = outside_school() if target == "outside" else Org.objects.get(code=target)
    # A link of a deputy officer whom the matrix never logs in as.
    name = f"{school.code}.deputy"
    owner = User.objects.filter(username=name).first() or make_user(
        name, "副安全员", school, Role.SAFETY_OFFICER
    )
    return {"school": school.pk, "feed": create_feed(actor=owner, school=school)[0].pk}


@pytest.fixture(scope="module", autouse=True)
def made(module_rows):
    return built_targets(module_rows, _objects)


def fingerprint():
    rows = CalendarFeed.objects.order_by("pk").values_list("pk", "revoked_at")
    return AuditEvent.objects.count(), list(rows)


def expected(route, username, target):
    if not in_scope(username, target):
        return 404
    if route.cap not in CAPABILITIES[ROLE_OF[username]]:
        return 403
    return route.ok


@pytest.mark.parametrize(
    ("name", "username"),
    [pytest.param(n, u, id=f"{n}-{u}") for n in ROUTES for u in ROLE_OF],
)
def test_scope(name, username, login, made):
    route = ROUTES[name]
    got, want, wrong = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        fingerprint=lambda _ids: fingerprint(),
        # Revoking is the owner's alone: nobody else's try changes anything.
        must_change=(lambda _t, _w: False) if route.foreign else None,
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(ROUTES[name], ids, api=name in API, fingerprint=fingerprint, send=call)
