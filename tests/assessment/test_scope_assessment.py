"""The scope matrix of the cockpit: every page and API route, as every demo role, on three
schools (s01, its sibling s02, and a school in another district) and their districts.

Out of scope is always 404. In scope, a route answers its success status, or 403 when
roles.CAPABILITIES does not give the person the route's capability there. A school has no
ranking and no weights of its own: with the capability, those answer 404. A refused POST leaves
everything as it was, an allowed one changes the weights.
"""

from dataclasses import dataclass, field

import pytest

from safecampus.assessment.api import cockpit_router as router
from safecampus.assessment.models import CockpitWeight
from safecampus.assessment.urls import cockpit_patterns as urlpatterns
from safecampus.core.models import AuditEvent, Org, OrgKind
from safecampus.core.roles import CAPABILITIES, Cap
from tests.roles import ROLE_OF
from tests.scope import (
    api_operations,
    api_tried,
    assert_anonymous_refused,
    built_targets,
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
    level: str = "school"
    json: bool = False


V, M = Cap.COCKPIT_VIEW, Cap.COCKPIT_MANAGE
WEIGHTS = {"hazards.overdue": "5", "checks.completion": "3"}

PAGES = {
    "cockpit_district": Route("/orgs/{district}/cockpit/", V, level="district"),
    "cockpit_school": Route("/orgs/{school}/cockpit/", V),
    "weights_district": Route("/orgs/{district}/cockpit/weights/", M, level="district"),
    "weights_district_post": Route(
        "/orgs/{district}/cockpit/weights/", M, "post", WEIGHTS, 302, level="district"
    ),
    "weights_school": Route("/orgs/{school}/cockpit/weights/", M, ok=404),
    "profile_district": Route("/orgs/{district}/schools/{school}/profile/", V, level="district"),
    "profile_school": Route("/orgs/{school}/schools/{school}/profile/", V),
}
API_ROOT = "/api/v1/"
API = {
    "api_cockpit_district": Route(API_ROOT + "orgs/{district}/cockpit", V, level="district"),
    "api_cockpit_school": Route(API_ROOT + "orgs/{school}/cockpit", V),
    "api_ranking_district": Route(
        API_ROOT + "orgs/{district}/cockpit/ranking?page_size=3", V, level="district"
    ),
    "api_ranking_school": Route(API_ROOT + "orgs/{school}/cockpit/ranking", V, ok=404),
    "api_profile_district": Route(
        API_ROOT + "orgs/{district}/schools/{school}/profile", V, level="district"
    ),
}
ROUTES = {**PAGES, **API}


def test_every_route_is_in_the_matrix():
    ids = {"school": 7, "district": 7}
    assert page_names(PAGES.values(), ids) == {p.name for p in urlpatterns}
    assert api_tried(API.values(), ids) == api_operations(router)


def _objects(target, request):
    school = outside_school() if target == "outside" else Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    return {"school": school.pk, "district": district.pk}


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint():
    rows = CockpitWeight.objects.order_by("pk").values_list("pk", "org_id", "metric", "weight")
    return AuditEvent.objects.count(), list(rows)


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    return route.ok if route.cap in CAPABILITIES[ROLE_OF[username]] else 403


def send(client, route, ids):
    url = route.url.format(**ids)
    if route.method == "get":
        return client.get(url)
    return client.post(url, route.data)


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
        send=send,
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(ROUTES[name], ids, api=name in API, fingerprint=fingerprint, send=send)
