"""The scope matrix of the summaries: every page and API route, as every demo role, on three
schools (s01, its sibling s02, a school in another district) and their districts.

Out of scope is always 404. In scope, a route answers its success status, or 403 when
roles.CAPABILITIES does not give the person the route's capability there. A refused POST
changes nothing; an allowed one asks for a summary (or asks again for a failed one).
"""

import json
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.files.base import ContentFile

from safecampus.core.models import AuditEvent, Org, OrgKind, User
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.reports.api import router
from safecampus.reports.models import Summary, SummaryStatus
from safecampus.reports.urls import urlpatterns
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


V, M = Cap.REPORT_VIEW, Cap.REPORT_MAKE
ASK = {"period": "dates", "start": "2026-09-01", "end": "2026-11-30", "title": "秋季总结"}
ASK_API = {"title": "秋季总结", "start": "2026-09-01", "end": "2026-11-30"}

PAGES = {
    "index_district": Route("/orgs/{district}/summaries/", V, level="district"),
    "index_school": Route("/orgs/{school}/summaries/", V),
    "ask_district": Route("/orgs/{district}/summaries/", M, "post", ASK, 302, level="district"),
    "ask_school": Route("/orgs/{school}/summaries/", M, "post", ASK, 302),
    "rows_school": Route("/orgs/{school}/summaries/rows/", V),
    "retry_school": Route("/orgs/{school}/summaries/{failed}/retry/", M, "post", {}, 302),
    "download_school": Route("/orgs/{school}/summaries/{done}/file.docx", V),
    "download_pdf_school": Route("/orgs/{school}/summaries/{done}/file.pdf", V),
}
API_ROOT = "/api/v1/"
API = {
    "api_list_school": Route(API_ROOT + "orgs/{school}/summaries", V),
    "api_list_district": Route(API_ROOT + "orgs/{district}/summaries", V, level="district"),
    "api_ask_school": Route(API_ROOT + "orgs/{school}/summaries", M, "post", ASK_API, 201,
                            json=True),
    "api_detail": Route(API_ROOT + "summaries/{done}", V),
    "api_file": Route(API_ROOT + "summaries/{done}/file", V),
    "api_pdf": Route(API_ROOT + "summaries/{done}/file.pdf", V),
}  # fmt: skip
ROUTES = {**PAGES, **API}


def test_every_route_is_in_the_matrix():
    ids = {"school": 7, "district": 7, "done": 7, "failed": 7}
    # The safety calendar's routes have their own matrix (test_scope_calendar.py).
    summaries = {p.name for p in urlpatterns if not p.name.startswith("calendar")}
    assert page_names(PAGES.values(), ids) == summaries
    assert api_tried(API.values(), ids) == {
        op for op in api_operations(router) if "safety-calendar" not in op[1]
    }


def _summary(school, status):
    summary = Summary.objects.create(
        org=school,
        title="春季总结",
        start=date(2026, 2, 23),
        end=date(2026, 7, 3),
        status=status,
        requested_by=User.objects.get(username="bureau.admin"),
    )
    if status == SummaryStatus.DONE:
        summary.file.save(f"{summary.pk}.docx", ContentFile(b"PK-not-really-a-docx"))
        summary.pdf.save(f"{summary.pk}.pdf", ContentFile(b"%PDF-not-really"))
    return summary


def _objects(target):
    school = outside_school() if target == "outside" else Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    return {
        "school": school.pk,
        "district": district.pk,
        "done": _summary(school, SummaryStatus.DONE).pk,
        "failed": _summary(school, SummaryStatus.FAILED).pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows):
    return built_targets(module_rows, _objects)


def fingerprint():
    rows = Summary.objects.order_by("pk").values_list("pk", "status")
    return AuditEvent.objects.count(), list(rows)


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    return route.ok if route.cap in CAPABILITIES[ROLE_OF[username]] else 403


def send(client, route, ids):
    url = route.url.format(**ids)
    if route.method == "get":
        return client.get(url)
    if route.json:
        return client.post(url, json.dumps(route.data), content_type="application/json")
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
