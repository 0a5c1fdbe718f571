"""The scope matrix of campaigns: every page and API route, as every demo role, on a campaign
reaching s01, the same campaign seen at s02 (only the bureau's people see it), and a campaign of
a bureau in another district (made here).

Out of scope is 404; a campaign is not found at all by someone without supervision.view there,
and a draft is not found by a school. In scope, a route is its success status, or 403 without
the capability it needs. A refused POST changes nothing; an allowed one changes something.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import AuditEvent, Notification, Org, OrgKind, User
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.hazards.models import Hazard
from safecampus.supervision.api.campaigns import router
from safecampus.supervision.models import (
    Campaign,
    CampaignHazard,
    CampaignSchool,
    CampaignStage,
    StageSubmission,
)
from safecampus.supervision.services import campaigns as services
from safecampus.supervision.urls import campaign_patterns
from tests.helpers import make_user
from tests.roles import BUREAU, ROLE_OF
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

MARK = "范围测试"
V, M, R = Cap.SUPERVISION_VIEW, Cap.SUPERVISION_MANAGE, Cap.SUPERVISION_RESPOND


@dataclass(frozen=True)
class Route:
    url: str
    cap: str | tuple | None = None  # all of them are needed (a tuple: (a, b) = a and b)
    method: str = "get"
    data: object = field(default_factory=dict)
    ok: int = 200
    level: str = "campaign"  # "school" or "district": the org in the URL; "campaign": by id
    draft: bool = False  # a draft campaign: a school's people do not find it
    bureau_only: bool = False  # the bureau's view only: a school's people get 403
    json: bool = False
    any_of: tuple = ()  # and one of these


C = "/supervision/campaigns/{campaign}/"
C2 = "/supervision/campaigns/{campaign2}/"
D = "/supervision/campaigns/{draft}/"
STAGE = C + "schools/{school}/stages/{stage}/"
STAGE2 = C2 + "schools/{school}/stages/{stage2}/"
# A bureau's finding carries its deadline; a school's form has no such field and ignores it.
HAZARD = {
    "place": MARK + "楼梯",
    "category": "fire",
    "description": "灭火器过期",
    "supervision_deadline": f"{timezone.localdate() + timedelta(days=10)}",
}
STAGE_EDIT = lambda ids: {  # noqa: E731
    "name": "部署动员",
    "starts_on": ids["draft_start"],
    "due_on": ids["draft_due"],
    "instructions": MARK,
    "needs_report": "on",
    "figures": "排查隐患数",
}
CAMPAIGN = {"title": MARK, "description": "", "starts_on": "2026-12-20"}

PAGES = {
    "index_school": Route("/orgs/{school}/supervision/campaigns/", V, level="school"),
    "index_district": Route("/orgs/{district}/supervision/campaigns/", V, level="district"),
    "create": Route("/orgs/{district}/supervision/campaigns/new/", M, level="district"),
    "create_post": Route(
        "/orgs/{district}/supervision/campaigns/new/", M, "post", CAMPAIGN, 302, level="district"
    ),
    "detail": Route(C),
    "edit": Route(D + "edit/", M, draft=True, bureau_only=True),
    "edit_post": Route(
        D + "edit/", M, "post", {"title": MARK + "改"}, 302, draft=True, bureau_only=True
    ),
    "stage_edit": Route(D + "stages/{draft_stage}/edit/", M, draft=True, bureau_only=True),
    "stage_edit_post": Route(
        D + "stages/{draft_stage}/edit/", M, "post", STAGE_EDIT, 302, draft=True, bureau_only=True
    ),
    "launch": Route(D + "launch/", M, "post", {}, 302, draft=True, bureau_only=True),
    "close": Route(C + "close/", M, "post", {}, 302, bureau_only=True),
    "summary": Route(C + "summary.docx", bureau_only=True),
    "progress": Route(C + "progress.xlsx", bureau_only=True),
    "stage": Route(STAGE),
    "stage_post": Route(STAGE, R, "post", {"text": MARK + "报告"}, 302),
    "accept": Route(STAGE2 + "accept/", M, "post", {}, 302, bureau_only=True),
    "return": Route(STAGE2 + "return/", M, "post", {"reason": MARK}, 302, bureau_only=True),
    "hazard": Route(C + "schools/{school}/hazard/", Cap.HAZARD_REPORT, any_of=(R, M)),
    "hazard_post": Route(
        C + "schools/{school}/hazard/", Cap.HAZARD_REPORT, "post", HAZARD, 302, any_of=(R, M)
    ),
}
A = "/api/v1/"
API = {
    "api_list": Route(A + "orgs/{school}/campaigns", V, level="school"),
    "api_detail": Route(A + "campaigns/{campaign}"),
    "api_board": Route(A + "campaigns/{campaign}/board?page=1"),
    "api_submit": Route(
        A + "campaigns/{campaign}/schools/{school}/stages/{stage}/submission",
        R,
        "post",
        {"text": MARK, "figures": "{}"},
        201,
    ),
    "api_submission": Route(
        A + "campaigns/{campaign2}/schools/{school}/stages/{stage2}/submission"
    ),
    "api_accept": Route(
        A + "campaigns/{campaign2}/schools/{school}/stages/{stage2}/accept",
        M,
        "post",
        bureau_only=True,
        json=True,
    ),
    "api_return": Route(
        A + "campaigns/{campaign2}/schools/{school}/stages/{stage2}/return",
        M,
        "post",
        {"reason": MARK},
        bureau_only=True,
        json=True,
    ),
    "api_create": Route(
        A + "orgs/{district}/campaigns",
        M,
        "post",
        {"title": MARK, "starts_on": "2026-12-20"},
        201,
        level="district",
        json=True,
    ),
    "api_stage_edit": Route(
        A + "campaigns/{draft}/stages/{draft_stage}",
        M,
        "post",
        lambda ids: {"name": MARK, "starts_on": ids["draft_start"], "due_on": ids["draft_due"]},
        draft=True,
        bureau_only=True,
        json=True,
    ),
    "api_launch": Route(
        A + "campaigns/{draft}/launch", M, "post", draft=True, bureau_only=True, json=True
    ),
    "api_close": Route(A + "campaigns/{campaign}/close", M, "post", bureau_only=True, json=True),
}
ROUTES = {**PAGES, **API}


def test_every_route_is_in_the_matrix():
    ids = dict.fromkeys(
        ["school", "district", "campaign", "campaign2", "draft", "stage", "stage2",
         "draft_stage"],
        7,
    )  # fmt: skip
    assert page_names(PAGES.values(), ids) == {p.name for p in campaign_patterns}
    assert api_tried(API.values(), ids) == api_operations(router)


@pytest.fixture(scope="module")
def outside():
    school = outside_school(school_kind=SchoolKind.PRIMARY)
    district = Org.objects.get(code="north")
    make_user("n01.officer", "officer", school, Role.SAFETY_OFFICER)
    make_user("north.admin", "admin", district, Role.BUREAU_ADMIN)
    return school


def _campaign(admin, bureau, school, *, launch=True):
    """A campaign of `bureau` that reached `school` only (the others' rows are dropped, so a
    school's people never see it through a sibling)."""
    campaign = services.create_campaign(
        actor=admin,
        bureau=bureau,
        title=MARK,
        target={},
        starts_on=timezone.localdate() - timedelta(days=1),
    )
    if launch:
        campaign = services.launch_campaign(actor=admin, campaign=campaign)
        CampaignSchool.objects.filter(campaign=campaign).exclude(school=school).delete()
    return campaign


def _objects(target, request):
    if target == "outside":
        school = request.getfixturevalue("outside")
    else:
        school = Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    admin = User.objects.get(username="north.admin" if target == "outside" else "bureau.admin")
    officer = User.objects.get(username=f"{school.code}.officer")
    campaign = _campaign(admin, district, school)
    campaign2 = _campaign(admin, district, school)
    draft = _campaign(admin, district, school, launch=False)
    stage2 = campaign2.stages.get(position=1)
    services.submit_stage(actor=officer, stage=stage2, school=school, text="已报送")
    draft_stage = draft.stages.get(position=1)
    return {
        "school": school.pk,
        "district": district.pk,
        "campaign": campaign.pk,
        "campaign2": campaign2.pk,
        "draft": draft.pk,
        "stage": campaign.stages.get(position=1).pk,
        "stage2": stage2.pk,
        "draft_stage": draft_stage.pk,
        "draft_start": draft_stage.starts_on.isoformat(),
        "draft_due": draft_stage.due_on.isoformat(),
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint():
    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        rows(Campaign, "status", "title"),
        rows(CampaignStage, "name", "instructions"),
        rows(StageSubmission, "status", "text"),
        rows(CampaignHazard),
        Hazard.objects.count(),
    )


def expected(route, username, target):
    bureau_person = username in BUREAU
    if route.level == "campaign":
        scoped = in_scope(username, target)
    else:
        scoped = in_scope(username, target, route.level)
    if not scoped:
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.level == "campaign" and (V not in caps or (route.draft and not bureau_person)):
        return 404
    if route.bureau_only and not bureau_person:
        return 403
    need = route.cap if isinstance(route.cap, tuple) else (route.cap,) if route.cap else ()
    if any(c not in caps for c in need):
        return 403
    if route.any_of and not any(c in caps for c in route.any_of):
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
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(ROUTES[name], ids, api=name in API, fingerprint=lambda: fingerprint())
