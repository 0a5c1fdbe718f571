"""The scope matrix of the bureau's published checks: every new page and API route, as every
demo role, on the demo district's publication and on one of a sibling district.

Outside the person's scope is a 404 (school people do not see the district; nobody sees the
sibling's); in scope it is the route's success, or 403 without the capability (404 where the
route finds the publication through check.view, as for a missing one). A refused POST changes
nothing."""

from dataclasses import dataclass
from datetime import time

import pytest
from django.utils import timezone

from safecampus.core.models import Org, OrgKind
from safecampus.core.models.grid import PostKind
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.inspections import services
from safecampus.inspections.models import Publication, Recurrence, Schedule
from tests.helpers import make_user
from tests.roles import BUREAU, ROLE_OF
from tests.scope import outside_school

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@dataclass(frozen=True)
class Route:
    url: str
    cap: str
    method: str = "get"
    ok: int = 200
    json: dict | None = None
    hidden: bool = False  # without the capability the publication is not found: 404


P = "/orgs/{district}/checks/published/"
A = "/api/v1/"
PUBLISH = {
    "checklist_id": "{checklist}",
    "recurrence": "daily",
    "at": "08:00",
    "starts_on": TODAY.isoformat(),
}
ROUTES = {
    "list": Route(P, Cap.CHECK_VIEW),
    "new": Route(P + "new/", Cap.CHECK_PUBLISH),
    "detail": Route(P + "{publication}/", Cap.CHECK_VIEW),
    "withdraw": Route(P + "{publication}/withdraw/", Cap.CHECK_PUBLISH, "post", 302),
    "checklists": Route("/schools/{district}/checks/checklists/", Cap.CHECK_VIEW),
    "checklist": Route("/schools/{district}/checks/checklists/{checklist}/", Cap.CHECK_VIEW),
    "api_list": Route(A + "orgs/{district}/checks/publications", Cap.CHECK_VIEW),
    "api_publish": Route(
        A + "orgs/{district}/checks/publications", Cap.CHECK_PUBLISH, "post", 201, PUBLISH
    ),
    "api_completion": Route(
        A + "checks/publications/{publication}/completion", Cap.CHECK_VIEW, hidden=True
    ),
    "api_withdraw": Route(
        A + "checks/publications/{publication}/withdraw", Cap.CHECK_PUBLISH, "post", 200, {}
    ),
}


def _published(district, actor):
    checklist = services.create_template(
        actor=actor, school=district, name="矩阵测试检查", area="fire", items=[{"text": "x"}]
    )
    publication = services.publish(
        actor=actor,
        bureau=district,
        template=checklist,
        target={},
        post_kind=PostKind.SAFETY_OFFICER,
        recurrence=Recurrence.DAILY,
        at=time(8, 0),
        window_minutes=60,
        starts_on=TODAY,
        school_days_only=True,
    )
    return {"district": district.pk, "checklist": checklist.pk, "publication": publication.pk}


@pytest.fixture
def ids(person):
    own = _published(Org.objects.get(code="demo-district"), person("bureau.admin"))
    school = outside_school()
    north = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    admin = make_user("north.admin", "北区管理员", north, Role.BUREAU_ADMIN)
    return {"own": own, "outside": _published(north, admin)}


def expected(route, username, target):
    if target == "outside" or username not in BUREAU:
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.cap in caps:
        return route.ok
    if route.hidden or (route.url.startswith(A + "checks/") and Cap.CHECK_VIEW not in caps):
        return 404
    return 403


def fingerprint():
    return (
        list(Publication.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        list(Schedule.objects.order_by("pk").values_list("pk", "active")),
    )


@pytest.mark.parametrize("username", list(ROLE_OF))
@pytest.mark.parametrize("name", list(ROUTES))
def test_scope(name, username, ids, login):
    route = ROUTES[name]
    client = login(username)
    got, want = {}, {}
    for target, values in ids.items():
        url = route.url.format(**values)
        before = fingerprint()
        if route.method == "get":
            response = client.get(url)
        elif route.json is not None:
            body = {k: v.format(**values) for k, v in route.json.items()}
            response = client.post(url, body, content_type="application/json")
        else:
            response = client.post(url)
        got[target], want[target] = response.status_code, expected(route, username, target)
        if want[target] in (403, 404):
            assert fingerprint() == before, f"a refused {name} by {username} changed rows"
    assert got == want
