"""The scope matrix of risk grading: every risk page and API route, as every demo role, on the
objects of three schools.

Targets: s01 (the school users' own school), s02 (its sibling in the same district) and a school
in another district of the same city, made here. Out of scope is always 404, never 403 or 200.
In scope, a page is the route's success status, or 403 when roles.CAPABILITIES does not give
the person the route's capability there (the page's gate comes before any lookup). The API
answers 404 for a risk point the person may not see (risk.view at its school), like a hazard;
on a school it may see it is the success status or 403 by capability.

Each test is one route and one person, tried on every target the person is tested against; a
refused POST must leave the target school exactly as it was, and an allowed one must change it
(so a refusal is never just bad test data).
"""

from dataclasses import dataclass, field

import pytest

from safecampus.core.models import (
    Attachment,
    AuditEvent,
    Membership,
    Notification,
    Org,
    OrgKind,
    Post,
    PostAssignment,
    User,
    Zone,
)
from safecampus.core.models.grid import PostKind, ZoneKind
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.core.services.attachments import store_upload
from safecampus.risks import catalogue as starter
from safecampus.risks import services
from safecampus.risks.api import router
from safecampus.risks.models import (
    CampusPlan,
    RiskAssessment,
    RiskPoint,
    RiskRuleSet,
    ZoneShape,
)
from safecampus.risks.urls import urlpatterns
from tests.helpers import make_user, png
from tests.roles import ROLE_OF
from tests.scope import (
    Fresh,
    Id,
    api_operations,
    api_tried,
    assert_anonymous_refused,
    built_targets,
    call,
    cases,
    in_scope,
    outside_school,
    page_names,
    targets,
    try_targets,
)

pytestmark = pytest.mark.django_db

MARK = "范围测试"  # every risk point made here has a name starting with this
PHOTO = Fresh(lambda: png("plan.png"))  # a fresh PNG upload in each request


@dataclass(frozen=True)
class Route:
    url: str  # formatted with the target's ids
    cap: str | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    ok: int = 200
    point: bool = False  # API: names a risk point, which must be visible (risk.view) first
    level: str = "school"  # "district": the route is given the target's district
    json: bool = False


POINT = {
    "zone": Id("zone"),
    "name": MARK + "新风险点",
    "hazard_factors": "地面湿滑",
    "accident_types": ["fall_from_height", "other"],
    "existing_controls": "防滑垫；每日巡查",
    "emergency_actions": "停止使用，设置警示",
    "responsible": Id("person"),
    "posts": [Id("post")],
}
ADOPT = {
    "zone": Id("zone"),
    "name": MARK + "参考库风险点",
    "hazard_factors": "来自参考库",
    "accident_types": ["fire"],
    "existing_controls": "按参考库落实",
    "emergency_actions": "",
    "responsible": Id("person"),
    "posts": [Id("post")],
    "assess": "on",
}
ASSESS = {"method": "lec", "likelihood": "3", "exposure": "6", "consequence": "7", "note": ""}
RULES = {
    "scheme": "four",
    "lec_major": "300",
    "lec_significant": "150",
    "lec_general": "60",
    "matrix_major": "20",
    "matrix_significant": "10",
    "matrix_general": "4",
    "review_months": "6",
    "source": "区教育局通知",
}
OUTLINE = {"points": [[50, 50], [250, 60], [240, 200], [60, 190]]}

S = "/schools/{school}/risks/"
V, M = Cap.RISK_VIEW, Cap.RISK_MANAGE
PAGES = {
    "list": Route(S, V),
    "create": Route(S + "new/", M),
    "create_post": Route(S + "new/", M, "post", POINT, 302),
    "review": Route(S + "review/", V),
    "grade_preview": Route(S + "grade/", M),
    "export": Route(S + "export.xlsx", V),
    "detail": Route(S + "{point}/", V),
    "edit": Route(S + "{point}/edit/", M),
    "edit_post": Route(S + "{point}/edit/", M, "post", {**POINT, "name": MARK + "改名"}, 302),
    "assess": Route(S + "{point}/assess/", M, "post", ASSESS, 302),
    "catalogue": Route(S + "catalogue/", V),
    "adopt": Route(S + "catalogue/{key}/adopt/", M),
    "adopt_post": Route(S + "catalogue/{key}/adopt/", M, "post", ADOPT, 302),
    "map": Route(S + "map/", V),
    "map_edit": Route(S + "map/edit/", M),
    "plan_upload": Route(S + "map/plan/", M, "post", {"image": PHOTO}, 302),
    "zone_shape": Route(S + "map/zones/{zone}/", M, "post", OUTLINE, 200, json=True),
    "map_svg": Route(S[:-1] + "/map.svg", V),
    "map_pdf": Route(S[:-1] + "/map.pdf", V),
    "cards": Route(S + "cards/", V),
    "card": Route(S + "cards/{post}/", V),
    "card_pdf": Route(S + "cards/{post}.pdf", V),
    "bulletin": Route(S + "bulletin/", V),
    "bulletin_pdf": Route(S[:-1] + "/bulletin.pdf", V),
    "bulletin_display": Route(S + "bulletin/display/", V),
    "overview_school": Route("/orgs/{school}/risks/", V),
    "overview_district": Route("/orgs/{district}/risks/", V, level="district"),
    "rules_school": Route("/orgs/{school}/risk-rules/", Cap.RISK_RULES),
    "rules_district": Route("/orgs/{district}/risk-rules/", Cap.RISK_RULES, level="district"),
    "rules_post": Route(
        "/orgs/{district}/risk-rules/", Cap.RISK_RULES, "post", RULES, 302, level="district"
    ),
}
A = "/api/v1/"
API_POINT = {
    "zone_id": Id("zone"),
    "name": MARK + "接口风险点",
    "hazard_factors": "插座老化",
    "accident_types": ["electric_shock"],
    "existing_controls": "定期检查",
    "responsible_id": Id("person"),
    "post_ids": [Id("post")],
}
API = {
    "api_list": Route(A + "risk-points?school_id={school}"),
    "api_detail": Route(A + "risk-points/{point}", point=True),
    "api_create": Route(A + "schools/{school}/risk-points", M, "post", API_POINT, 201, json=True),
    "api_assessments": Route(A + "risk-points/{point}/assessments", point=True),
    "api_assess": Route(
        A + "risk-points/{point}/assessments", M, "post", ASSESS, 201, point=True, json=True
    ),
    "api_map": Route(A + "schools/{school}/risk-map", V),
}
ROUTES = {**PAGES, **API}

# Known deviations from the matrix, each a bug in product code (see the report).
BUGS = {}  # known bugs, by (route, person): none open


def test_every_route_is_in_the_matrix():
    """A new risk route must be added here: the matrix tries every page and API route."""
    ids = dict.fromkeys(["school", "district", "point", "post", "zone", "person"], 7)
    ids["key"] = "some-entry"
    assert page_names(PAGES.values(), ids) == {p.name for p in urlpatterns}
    assert api_tried(API.values(), ids) == api_operations(router)


@pytest.fixture(scope="module")
def outside():
    """A school in a second district of the demo city, with a zone drawn on its campus plan, a
    post and an assessed risk point of that post."""
    school = outside_school(school_kind=SchoolKind.PRIMARY)
    officer = make_user("n01.officer", "北安全主任", school, Role.SAFETY_OFFICER)
    teacher = make_user("n01.teacher", "北教师", school, Role.TEACHER)
    zone = Zone.objects.create(school=school, name="教学楼", kind=ZoneKind.BUILDING)
    post = Post.objects.create(
        school=school, name="值班教师", kind=PostKind.DUTY_TEACHER, duties="巡查"
    )
    PostAssignment.objects.create(post=post, user=teacher)
    image = store_upload(
        actor=officer, org=school, upload=png("plan.png", (400, 300)), images_only=True
    )
    CampusPlan.objects.create(school=school, image=image, width=400, height=300)
    ZoneShape.objects.create(zone=zone, points=[[10, 10], [390, 10], [390, 290], [10, 290]])
    point = services.create_risk_point(
        actor=officer,
        school=school,
        zone=zone,
        name=MARK + "楼梯",
        hazard_factors="课间拥挤",
        accident_types=["crowd_crush"],
        existing_controls="分时下课",
        responsible=teacher,
        posts=[post],
    )
    services.assess(
        actor=officer, point=point, method="lec", likelihood=3, exposure=6, consequence=7
    )
    return school


def _objects(target, request):
    """The ids the routes are formatted with: the target school, its district, an assessed risk
    point, a post with risks, a drawn zone, a teacher and a catalogue entry for the school."""
    if target == "outside":
        school = request.getfixturevalue("outside")
    else:
        school = Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    point = RiskPoint.objects.filter(school=school).exclude(level="").order_by("pk").first()
    post = Post.objects.filter(school=school, risk_points__isnull=False).order_by("pk").first()
    shape = ZoneShape.objects.filter(zone__school=school).order_by("zone_id").first()
    return {
        "school": school.pk,
        "district": district.pk,
        "point": point.pk,
        "post": post.pk,
        "zone": shape.zone_id,
        "person": User.objects.get(username=f"{school.code}.teacher").pk,
        "key": starter.for_school(school)[0].key,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint(school_id):
    """Everything a risk route could change in one school, and the global logs' lengths."""

    def rows(qs, *fields):
        return list(qs.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        rows(
            RiskPoint.objects.filter(school_id=school_id),
            "zone_id",
            "name",
            "hazard_factors",
            "accident_types",
            "existing_controls",
            "emergency_actions",
            "responsible_id",
            "level",
            "control_level",
            "review_due",
            "needs_reassessment",
            "updated_at",
        ),
        rows(
            RiskPoint.posts.through.objects.filter(riskpoint__school_id=school_id),
            "riskpoint_id",
            "post_id",
        ),
        rows(RiskAssessment.objects.filter(risk_point__school_id=school_id), "level", "value"),
        rows(
            CampusPlan.objects.filter(school_id=school_id),
            "image_id",
            "width",
            "height",
            "uploaded_at",
        ),
        rows(
            ZoneShape.objects.filter(zone__school_id=school_id), "zone_id", "points", "updated_at"
        ),
        rows(Attachment.objects.filter(org_id=school_id), "size"),
        rows(
            RiskRuleSet.objects.all(),
            "org_id",
            "lec_bands",
            "matrix_bands",
            "review_months",
            "source",
        ),
    )


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.point and Cap.RISK_VIEW not in caps:
        return 404  # the API does not show the risk point at all
    if route.cap is None:
        return route.ok
    return route.ok if route.cap in caps else 403


@pytest.mark.parametrize(("name", "username"), list(cases(ROUTES, ROLE_OF, BUGS)))
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


# Objects of s02 under s01's address: the school is visible, the object is not there.
FOREIGN = {
    "detail": "point",
    "edit": "point",
    "edit_post": "point",
    "assess": "point",
    "card": "post",
    "card_pdf": "post",
    "zone_shape": "zone",
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
    # The page's gate comes first: without the capability it is 403 before any lookup.
    want = 404 if route.cap in CAPABILITIES[ROLE_OF[username]] else 403
    assert response.status_code == want
    assert (fingerprint(s01["school"]), fingerprint(s02["school"])) == before


def _api_ids(client, params):
    """Every id of the API list over all its pages, and the count it reports."""
    ids, page, count = set(), 1, None
    while True:
        response = client.get(f"{A}risk-points", {**params, "page": page})
        assert response.status_code == 200
        body = response.json()
        count = body["count"]
        ids |= {item["id"] for item in body["items"]}
        if not body["items"] or len(ids) >= count:
            return ids, count
        page += 1


@pytest.mark.parametrize("username", list(ROLE_OF))
def test_api_lists_hold_exactly_the_visible_risk_points(username, login, made):
    """The API list, per school and overall, shows the risk points of the schools where the
    person has risk.view, and no others."""
    client = login(username)
    user = User.objects.get(username=username)
    caps = CAPABILITIES[ROLE_OF[username]]
    for target in targets(username):
        ids = made[target]
        if not in_scope(username, target):
            response = client.get(f"{A}risk-points", {"school_id": ids["school"]})
            assert response.status_code == 404, target
            continue
        visible = set()
        if Cap.RISK_VIEW in caps:
            visible = set(
                RiskPoint.objects.filter(school_id=ids["school"]).values_list("pk", flat=True)
            )
        shown, count = _api_ids(client, {"school_id": ids["school"]})
        assert (shown, count) == (visible, len(visible)), target
    roots = Membership.objects.active().filter(user=user).values_list("org__path", flat=True)
    everywhere = set()
    if Cap.RISK_VIEW in caps:
        for path in roots:
            everywhere |= set(
                RiskPoint.objects.filter(school__path__startswith=path).values_list("pk", flat=True)
            )
    assert _api_ids(client, {}) == (everywhere, len(everywhere))
    assert not RiskPoint.objects.filter(school__code="n01", pk__in=everywhere).exists()


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(
        ROUTES[name], ids, api=name in API, fingerprint=lambda: fingerprint(ids["school"])
    )
