"""The scope matrix of the assessment schemes and rounds: every page (and API route), as every
demo role, on s01, its sibling s02 (only the bureau's people see it) and a school in another
district with its own bureau's rounds.

Out of scope is 404; a round is found only by its bureau's readers (a school's people following
its link are sent to their own sheet), a scheme of a bureau only by that bureau's readers. In
scope, a route answers its success status, or 403 without the capability it needs. A refused
POST changes nothing; an allowed one changes something.

The rows are made directly (one school's sheet with two indicators per round), so each of the
many requests costs little; the services that make them are tested in test_rounds_services.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecampus.assessment.api import rounds_router
from safecampus.assessment.api import router as api_router
from safecampus.assessment.models import (
    Appeal,
    Area,
    Entry,
    GradeBand,
    Indicator,
    Round,
    RoundSchool,
    RoundStatus,
    Scheme,
    SchemeVersion,
    Veto,
    VetoItem,
)
from safecampus.assessment.urls import round_patterns
from safecampus.core.models import AuditEvent, Org, OrgKind, User
from safecampus.core.roles import CAPABILITIES, Cap, Role
from tests.assessment.rounds_helpers import starter_version
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

V, M = Cap.ASSESSMENT_VIEW, Cap.ASSESSMENT_MANAGE
SC, SE = Cap.ASSESSMENT_SCORE, Cap.ASSESSMENT_SELF
MARK = "范围测试"


@dataclass(frozen=True)
class Route:
    url: str
    cap: str | None = None
    method: str = "get"
    data: object = field(default_factory=dict)
    ok: int = 200
    # "school"/"district": the org in the URL; "sheet": a school's sheet (its people and the
    # bureau); "round": a bureau's round (school people: school_ok); "scheme": a bureau's
    # scheme (its people and its schools' people read it).
    level: str = "sheet"
    school_ok: int | None = None  # what a school's reader gets on a "round" route
    bureau_only: bool = False  # a school's people get 403
    json: bool = False


R = "/assessment/rounds/"
SH = "/assessment/sheets/"
EN = "/assessment/entries/"
VER = "/assessment/versions/"
INDICATOR = {"name": MARK, "max_points": "5", "rule": "manual"}

PAGES = {
    "rounds_school": Route("/orgs/{school}/assessment/", V, level="school"),
    "rounds_district": Route("/orgs/{district}/assessment/", V, level="district"),
    "round_new": Route("/orgs/{district}/assessment/new/", M, level="district"),
    "round_new_post": Route(
        "/orgs/{district}/assessment/new/",
        M,
        "post",
        lambda ids: {
            "title": MARK,
            "version": ids["version"],
            "starts_on": "2003-01-01",
            "ends_on": "2003-12-31",
            "self_due": "2003-12-01",
            "appeal_days": "7",
        },
        302,
        level="district",
    ),
    "schemes_district": Route("/orgs/{district}/assessment/schemes/", V, level="district"),
    "schemes_school": Route("/orgs/{school}/assessment/schemes/", V, ok=404, level="school"),
    "schemes_copy": Route(
        "/orgs/{district}/assessment/schemes/",
        M,
        "post",
        lambda ids: {"scheme": ids["scheme"], "name": MARK},
        302,
        level="district",
    ),
    "version": Route(VER + "{version}/", V, level="scheme"),
    "vetoes_edit": Route(VER + "{version}/vetoes/", M, level="scheme"),
    "vetoes_edit_post": Route(
        VER + "{version}/vetoes/", M, "post", {"vetoes": MARK + " | 本年度"}, 302, level="scheme"
    ),
    "bands_edit": Route(VER + "{version}/grades/", M, level="scheme"),
    "bands_edit_post": Route(
        VER + "{version}/grades/",
        M,
        "post",
        {"bands": "合格 | 60\n不合格 | 0 | veto"},
        302,
        level="scheme",
    ),
    "area_new": Route(VER + "{version}/areas/new/", M, level="scheme"),
    "area_new_post": Route(
        VER + "{version}/areas/new/", M, "post", {"name": MARK + "区"}, 302, level="scheme"
    ),
    "area_edit": Route("/assessment/areas/{area}/", M, level="scheme"),
    "area_edit_post": Route(
        "/assessment/areas/{area}/", M, "post", {"name": MARK + "改"}, 302, level="scheme"
    ),
    "area_remove": Route(
        "/assessment/areas/{spare_area}/remove/", M, "post", {}, 302, level="scheme"
    ),
    "indicator_new": Route("/assessment/areas/{area}/indicators/new/", M, level="scheme"),
    "indicator_new_post": Route(
        "/assessment/areas/{area}/indicators/new/", M, "post", INDICATOR, 302, level="scheme"
    ),
    "indicator_remove": Route(
        "/assessment/indicators/{spare_indicator}/remove/", M, "post", {}, 302, level="scheme"
    ),
    "veto_match": Route("/assessment/vetoes/{own_veto}/match/", M, level="scheme"),
    "veto_match_post": Route(
        "/assessment/vetoes/{own_veto}/match/",
        M,
        "post",
        {"metric": "incidents.injuries", "years": "2"},
        302,
        level="scheme",
    ),
    "indicator_edit": Route("/assessment/indicators/{indicator}/", M, level="scheme"),
    "indicator_edit_post": Route(
        "/assessment/indicators/{indicator}/", M, "post", INDICATOR, 302, level="scheme"
    ),
    "round": Route(R + "{self_round}/", V, level="round", school_ok=302),
    "round_open": Route(R + "{draft}/open/", M, "post", {}, 302, level="round", school_ok=404),
    "round_xlsx": Route(R + "{self_round}/results.xlsx", V, level="round", school_ok=404),
    "round_docx": Route(R + "{self_round}/report.docx", V, level="round", school_ok=404),
    "sheet": Route(SH + "{self_sheet}/", V),
    "sheet_docx": Route(SH + "{published_sheet}/report.docx", V),
    "sheet_submit": Route(SH + "{self_sheet}/submit/", SE, "post", {}, 302),
    "entry_self": Route(EN + "{self_entry}/self/", SE, "post", {"self_points": "1"}, 302),
    "entry_score": Route(EN + "{scoring_entry}/score/", SC, "post", {"points": "1"}, 302),
    "sheet_veto": Route(
        SH + "{scoring_sheet}/veto/",
        SC,
        "post",
        lambda ids: {"item": ids["veto_item"], "reason": MARK},
        302,
        bureau_only=True,
    ),
    "sheet_appeal": Route(SH + "{published_sheet}/appeal/", SE, "post", {"text": MARK}, 302),
    "appeal_answer": Route(
        "/assessment/appeals/{appeal}/answer/", M, "post", {"answer": MARK}, 302, bureau_only=True
    ),
}
A = "/api/v1/"
API = {
    "api_rounds": Route(A + "orgs/{district}/assessment/rounds", V, level="district"),
    "api_round": Route(A + "assessment/rounds/{self_round}", V, level="round", school_ok=404),
    "api_ranking": Route(
        A + "assessment/rounds/{self_round}/ranking?page_size=5",
        V,
        level="round",
        school_ok=404,
    ),
    "api_school_sheets": Route(A + "orgs/{school}/assessment/sheets", V, level="school"),
    "api_sheet": Route(A + "assessment/sheets/{self_sheet}", V),
    "api_self": Route(
        A + "assessment/entries/{self_entry}/self",
        SE,
        "post",
        {"self_points": 1, "note": MARK},
        json=True,
    ),
    "api_score": Route(
        A + "assessment/entries/{scoring_entry}/score",
        SC,
        "post",
        {"points": 1},
        json=True,
    ),
    "api_appeal": Route(
        A + "assessment/sheets/{published_sheet}/appeal",
        SE,
        "post",
        {"text": MARK},
        201,
        json=True,
    ),
    "api_scheme": Route(A + "assessment/versions/{version}", V, level="scheme"),
    "api_area_add": Route(
        A + "assessment/versions/{version}/areas",
        M,
        "post",
        {"name": MARK + "区"},
        201,
        level="scheme",
        json=True,
    ),
    "api_indicator_add": Route(
        A + "assessment/areas/{area}/indicators",
        M,
        "post",
        {"name": MARK, "max_points": 5},
        201,
        level="scheme",
        json=True,
    ),
}
ROUTES = {**PAGES, **API}


def test_every_route_is_in_the_matrix():
    names = "school district version area indicator self_round draft self_sheet self_entry"
    names += " scoring_entry scoring_sheet published_sheet appeal spare_area spare_indicator"
    names += " own_veto"
    ids = dict.fromkeys(names.split(), 7)
    assert page_names(PAGES.values(), ids) == {p.name for p in round_patterns}
    assert api_tried(API.values(), ids) == api_operations(rounds_router)
    assert rounds_router in [child for _prefix, child, _tags in api_router._routers]


@pytest.fixture(scope="module")
def outside():
    school = outside_school()
    district = Org.objects.get(code="north")
    make_user("n01.officer", "officer", school, Role.SAFETY_OFFICER)
    make_user("north.admin", "admin", district, Role.BUREAU_ADMIN)
    return school


def _round(bureau, version, school, status, admin):
    """A round of `bureau` in `status` with one sheet (the school's) and two indicators."""
    now = timezone.now()
    published = status in (RoundStatus.PUBLISHED, RoundStatus.CLOSED)
    round_ = Round.objects.create(
        bureau=bureau,
        version=version,
        title=MARK,
        starts_on=date(2003, 1, 1),
        ends_on=date(2003, 12, 31),
        self_due=date(2003, 12, 1),
        appeal_days=10,
        status=status,
        created_by=admin,
        created_at=now,
        published_at=now if published else None,
        appeal_until=timezone.localdate() + timedelta(days=10) if published else None,
    )
    if status == RoundStatus.DRAFT:
        return round_, None
    sheet = RoundSchool.objects.create(round=round_, school=school)
    indicators = Indicator.objects.filter(area__version=version).order_by("pk")[:2]
    points = 1 if status != RoundStatus.SELF_ASSESSMENT else None
    Entry.objects.bulk_create(
        Entry(sheet=sheet, indicator=ind, self_points=1, points=points) for ind in indicators
    )
    return round_, sheet


def _own_version(bureau):
    """A scheme of the bureau's own, nearly as small as a scheme can be: two areas, one
    indicator, one veto item, one grade."""
    found = SchemeVersion.objects.filter(scheme__org=bureau).first()
    if found is not None:
        return found
    version = SchemeVersion.objects.create(
        scheme=Scheme.objects.create(org=bureau, name=MARK), number=1
    )
    area = Area.objects.create(version=version, position=1, name=MARK)
    Indicator.objects.create(area=area, position=1, name=MARK, max_points=10)
    # A second area: a scheme keeps at least one, so removing the first must be allowed.
    Area.objects.create(version=version, position=2, name=MARK + "二")
    VetoItem.objects.create(version=version, position=1, name=MARK)
    GradeBand.objects.create(version=version, label="合格", min_points=0)
    return version


def _objects(target, request):
    if target == "outside":
        school = request.getfixturevalue("outside")
    else:
        school = Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    admin = User.objects.get(username="north.admin" if target == "outside" else "bureau.admin")
    officer = User.objects.get(username=f"{school.code}.officer")
    starter = starter_version()
    version = _own_version(district)
    # s01 and s02 share their bureau's scheme: each removes an area and an indicator of its own.
    spare_area = Area.objects.create(
        version=version, position=version.areas.count() + 1, name=MARK + target
    )
    spare_indicator = Indicator.objects.create(
        area=spare_area, position=1, name=MARK + target, max_points=1
    )
    draft, _none = _round(district, starter, school, RoundStatus.DRAFT, admin)
    self_round, self_sheet = _round(district, starter, school, RoundStatus.SELF_ASSESSMENT, admin)
    _scoring, scoring_sheet = _round(district, starter, school, RoundStatus.SCORING, admin)
    _published, published_sheet = _round(district, starter, school, RoundStatus.PUBLISHED, admin)
    _answered, answered_sheet = _round(district, starter, school, RoundStatus.PUBLISHED, admin)
    appeal = Appeal.objects.create(
        sheet=answered_sheet, text=MARK, filed_by=officer, filed_at=timezone.now()
    )
    return {
        "school": school.pk,
        "district": district.pk,
        "scheme": starter.scheme_id,
        "version": version.pk,
        "area": Area.objects.filter(version=version).order_by("position").first().pk,
        "spare_area": spare_area.pk,
        "own_veto": VetoItem.objects.filter(version=version).first().pk,
        "spare_indicator": spare_indicator.pk,
        "indicator": Indicator.objects.filter(area__version=version).order_by("pk").first().pk,
        "draft": draft.pk,
        "self_round": self_round.pk,
        "self_sheet": self_sheet.pk,
        "self_entry": self_sheet.entries.order_by("pk").first().pk,
        "scoring_sheet": scoring_sheet.pk,
        "scoring_entry": scoring_sheet.entries.order_by("pk").first().pk,
        "published_sheet": published_sheet.pk,
        "appeal": appeal.pk,
        "veto_item": VetoItem.objects.filter(version=starter).first().pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint():
    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.count(),
        rows(Round, "status", "title"),
        rows(RoundSchool, "submitted_at", "total", "vetoed"),
        rows(Entry, "self_points", "points", "note"),
        rows(Veto),
        rows(Appeal, "status"),
        rows(Scheme, "name"),
        rows(SchemeVersion),
        rows(VetoItem, "name", "metric", "years"),
        rows(Area, "name", "position"),
        rows(Indicator, "name"),
    )


def expected(route, username, target):
    bureau_person = username in BUREAU
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.level in ("school", "district"):
        if not in_scope(username, target, route.level):
            return 404
    elif route.level == "scheme":
        # A bureau's scheme: read by its readers and those of its schools.
        if target == "outside" or V not in caps:
            return 404
    elif route.level == "round":
        # The bureau's round: its readers find it; a school's reader of its own school is
        # sent to its sheet.
        if not bureau_person or not in_scope(username, target, "district") or V not in caps:
            if route.school_ok is not None and in_scope(username, target) and V in caps:
                return route.school_ok
            return 404
    elif not in_scope(username, target) or V not in caps:
        return 404
    if route.bureau_only and not bureau_person:
        return 403
    if route.cap and route.cap not in caps:
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
    assert_anonymous_refused(ROUTES[name], ids, api=name in API, fingerprint=fingerprint)
