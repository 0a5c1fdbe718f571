"""The scope matrix of the visit documents and the cadence pages: every route of the slice, as
every demo role, on s01 (the school users' own), s02 (its sibling, the bureau's only) and a
school in another district (bureau people only).

Out of scope is 404. A notice is need-to-know: whoever may not see the visit (no
supervision.view there) gets 404 as for a missing one. The cadence pages are a bureau's: they
are tried on the district above the school.
"""

from dataclasses import dataclass

import pytest

from safecampus.core.models import Org, OrgKind
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.supervision.api.visitdocs import router
from safecampus.supervision.models import VisitKind, VisitStatus
from safecampus.supervision.urls import visit_patterns
from tests.roles import ROLE_OF
from tests.scope import (
    api_operations,
    api_tried,
    built_targets,
    call,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)
from tests.supervision.visitdocs_data import make_visit

pytestmark = pytest.mark.django_db

VIEWS = "safecampus.supervision.views.visitdocs"


@dataclass(frozen=True)
class Route:
    url: str
    cap: str | None
    method: str = "get"
    ok: int = 200
    data: tuple = ()
    level: str = "school"
    record: bool = False  # a notice: 404, not 403, without supervision.view
    json: bool = False


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.record:
        return route.ok if Cap.SUPERVISION_VIEW in caps else 404
    return route.ok if route.cap in caps else 403


V, M, R = Cap.SUPERVISION_VIEW, Cap.SUPERVISION_MANAGE, Cap.SUPERVISION_RULES
D = "/orgs/{district}/supervision/"
PAGES = {
    "notice_pdf": Route("/supervision/visits/{visit}/notice.pdf", V, record=True),
    "notice_docx": Route("/supervision/visits/{visit}/notice.docx", V, record=True),
    "rules": Route(D + "rules/", R, level="district"),
    "rules_save": Route(
        D + "rules/",
        R,
        "post",
        302,
        (
            ("visits_per_inspector_week", "2"),
            ("visits_per_school_semester", "3"),
            ("comprehensive_min_inspectors", "3"),
            ("reminder_days", "2"),
            ("source", "矩阵"),
        ),
        level="district",
    ),
    "compliance": Route(D + "compliance/", M, level="district"),
    "briefing": Route(D + "briefing/", M, level="district"),
    "briefing_docx": Route(D + "briefing.docx", M, level="district"),
    "reports": Route("/orgs/{school}/supervision/reports/", V),
    "reports_district": Route(D + "reports/", V, level="district"),
    "visits_xlsx": Route("/orgs/{school}/supervision/visits.xlsx", V),
    "findings_xlsx": Route("/orgs/{school}/supervision/findings.xlsx?status=issued", V),
}
A = "/api/v1/orgs/{district}/supervision/"
API = {
    "api_rules": Route(A + "rules", V, level="district"),
    "api_inspectors": Route(A + "compliance/inspectors", M, level="district"),
    "api_schools": Route(A + "compliance/schools?short=true", M, level="district"),
    "api_notice_pdf": Route("/api/v1/supervision/visits/{visit}/notice.pdf", V, record=True),
    "api_notice_docx": Route("/api/v1/supervision/visits/{visit}/notice.docx", V, record=True),
}
ROUTES = {**PAGES, **API}
IDS = {"school": 7, "district": 7, "visit": 7}


def test_every_page_is_in_the_matrix():
    mine = {p.name for p in visit_patterns if p.callback.__module__ == VIEWS}
    assert page_names(PAGES.values(), IDS) == mine


def test_every_api_route_is_in_the_matrix():
    reads = {route for method, route in api_operations(router) if method == "get"}
    assert {route for _method, route in api_tried(API.values(), IDS)} == reads
    # The one write (PUT rules) is tried in test_visitdocs_rules.py.
    assert {m for m, _route in api_operations(router)} == {"get", "put"}


@pytest.fixture(scope="module")
def outside():
    return outside_school()


def _objects(target, request):
    school = (
        request.getfixturevalue("outside") if target == "outside" else Org.objects.get(code=target)
    )
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    visit = make_visit(school, failed=["矩阵问题"])
    return {"school": school.pk, "district": district.pk, "visit": visit.pk}


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def _cases():
    for name in ROUTES:
        for username in ROLE_OF:
            yield pytest.param(name, username, id=f"{name}-{username}")


@pytest.mark.parametrize(("name", "username"), list(_cases()))
def test_scope(name, username, login, made):
    route = ROUTES[name]
    got, want, _changed = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        send=lambda client, route, ids: call(client, route, ids, data=lambda d, _ids: dict(d)),
    )
    assert got == want


def test_an_unannounced_visit_has_no_notice_while_planned(org, login):
    visit = make_visit(org("s01"), kind=VisitKind.UNANNOUNCED, status=VisitStatus.PLANNED)
    for username in ("s01.principal", "s01.officer", "bureau.admin"):
        response = login(username).get(f"/supervision/visits/{visit.pk}/notice.docx")
        assert response.status_code == 404
