"""The scope matrix of the hazard ledger: every hazard page and API route, as every demo role,
on the objects of three schools.

Targets: s01 (the school users' own school), s02 (its sibling in the same street) and a school
in another district of the same city, made here. Out of scope is always 404, never 403 or 200.
In scope, a route that names a hazard first needs the hazard to be visible (hazard.view at its
school, or being its reporter or responsible person), else 404; then it is the route's success
status, or 403 when roles.CAPABILITIES (or, for the responsible person's steps, the hazard)
does not let the person do it. The capability of each action comes from workflow.TRANSITIONS.

Each test is one route and one person, tried on every target the person is tested against; a
refused POST must leave the target school exactly as it was.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safecampus.core.models import (
    Attachment,
    AuditEvent,
    Notification,
    Org,
    OrgKind,
    User,
)
from safecampus.core.roles import BUREAU_ROLES, CAPABILITIES, Cap, Role
from safecampus.hazards.models import (
    Category,
    ExtensionRequest,
    Grade,
    Hazard,
    HazardEvent,
    HazardRuleSet,
    Source,
    Status,
)
from safecampus.hazards.workflow import ACTIONS, RESPONSIBLE, TRANSITIONS
from tests import scope
from tests.helpers import make_user, png
from tests.roles import ROLE_OF
from tests.scope import Fresh, fill, in_scope, outside_school, targets

pytestmark = pytest.mark.django_db

MARK = "范围测试"  # every hazard made here has a place starting with this
TODAY = timezone.localdate()
SOON = TODAY + timedelta(days=5)
PHOTO = Fresh(png)  # a fresh PNG upload in each request


# The hazards each target school gets, by the state they are in. The first two were reported
# (by name) by the school's teacher; the head teacher is responsible for fixing the others.
REPORTER, FIXER = "teacher", "headteacher"
STATE = {
    "reported": Status.REPORTED,
    "confirmed": Status.CONFIRMED,
    "rectifying": Status.RECTIFYING,  # major, supervised: the bureau may comment
    "extension": Status.RECTIFYING,  # with a pending extension request
    "rectified": Status.RECTIFIED,
    "accepted": Status.ACCEPTED,  # major, accepted by the school, awaiting the bureau
}


@dataclass(frozen=True)
class Route:
    url: str  # formatted with the target's ids
    cap: str | None = None  # a capability, or workflow.RESPONSIBLE
    method: str = "get"
    data: dict = field(default_factory=dict)
    ok: int = 200
    hazard: str | None = None  # the hazard (a STATE key) whose visibility applies
    level: str = "school"  # "district": the route is given the target's district
    json: bool = False
    # A bureau person's answer when it differs from school staff's: their report is a finding,
    # which needs the bureau's deadline.
    bureau_ok: int | None = None


def _action_cap(action, hazard_key):
    return TRANSITIONS[(STATE[hazard_key], action)][1]


# action: (the hazard it is tried on, valid form data)
ACTION_ON = {
    "confirm": ("reported", {"grade": "general", "note": ""}),
    "reject": ("reported", {"reason": "经核实不属于隐患"}),
    "merge": ("reported", {"into": "{rectifying}", "note": "重复"}),
    "assign": (
        "confirmed",
        {
            "responsible_person": "{person}",
            "responsible_unit": "总务处",
            "measures": "更换面板",
            "deadline": SOON.isoformat(),
        },
    ),
    "rectify": ("rectifying", {"note": "已更换", "photos": PHOTO}),
    "request_extension": (
        "rectifying",
        {"new_deadline": (SOON + timedelta(days=7)).isoformat(), "reason": "材料未到"},
    ),
    "decide_extension": ("extension", {"grant": "1", "note": ""}),
    "accept": ("rectified", {"note": "验收合格"}),
    "send_back": ("rectified", {"reason": "仍有裸露导线"}),
    "bureau_send_back": ("accepted", {"reason": "整改不到位"}),
    "sign_off": ("accepted", {"note": "同意销号"}),
    "supervise": ("rectifying", {"note": "请加快整改"}),
}
# The API's names for the same actions, and how its bodies differ from the forms'.
API_ACTION = {
    "confirm": ("confirm", None),
    "reject": ("reject", None),
    "merge": ("merge", None),
    "assign": (
        "assign",
        {
            "responsible_person_id": "{person}",
            "responsible_unit": "总务处",
            "measures": "更换面板",
            "deadline": SOON.isoformat(),
        },
    ),
    "rectify": ("rectify", None),
    "request_extension": ("extension", None),
    "decide_extension": ("extension/decide", {"grant": True, "note": ""}),
    "accept": ("accept", None),
    "send_back": ("send-back", None),
    "bureau_send_back": ("bureau-send-back", None),
    "sign_off": ("sign-off", None),
    "supervise": ("supervise", None),
}
MULTIPART_API = {"rectify", "accept"}  # photos: form fields, not JSON

S = "/schools/{school}/hazards/"
REPORT = {
    "place": MARK + "新报",
    "category": "fire",
    "description": "灭火器过期",
    "source": "report",
}
# A bureau's finding: a report with the day the bureau wants it fixed by.
FINDING = {**REPORT, "source": "supervision", "supervision_deadline": SOON.isoformat()}
RULES = {
    "general_days": "5",
    "major_days": "20",
    "remind_days": "3,1",
    "principal_after_days": "2",
    "source": "区教育局通知",
}
PAGES = {
    "ledger": Route(S, Cap.HAZARD_VIEW),
    "report": Route(S + "new/", Cap.HAZARD_REPORT),
    "report_post": Route(S + "new/", Cap.HAZARD_REPORT, "post", REPORT, 302, bureau_ok=400),
    # The staff's form has no deadline field: staff file a plain report with the same data.
    "finding_post": Route(S + "new/", Cap.HAZARD_REPORT, "post", FINDING, 302),
    "mine": Route(S + "mine/"),
    "export": Route(S + "export.xlsx", Cap.HAZARD_VIEW),
    "import": Route(S + "import/", Cap.HAZARD_IMPORT),
    "poster": Route(S + "poster.pdf", Cap.HAZARD_VIEW),
    "detail_as_reporter": Route(S + "{reported}/", hazard="reported"),
    "detail_as_responsible": Route(S + "{rectifying}/", hazard="rectifying"),
    **{
        f"action_{action}": Route(
            S + f"{{{key}}}/{action}/", _action_cap(action, key), "post", data, 302, key
        )
        for action, (key, data) in ACTION_ON.items()
    },
    "overview_school": Route("/orgs/{school}/hazards/", Cap.HAZARD_VIEW),
    "overview_district": Route("/orgs/{district}/hazards/", Cap.HAZARD_VIEW, level="district"),
    "finding_school": Route(
        "/orgs/{district}/hazards/finding/?school={school}",
        Cap.HAZARD_REPORT,
        ok=302,
        level="district",
    ),
    "rules_school": Route("/orgs/{school}/hazard-rules/", Cap.HAZARD_RULES),
    "rules_district": Route("/orgs/{district}/hazard-rules/", Cap.HAZARD_RULES, level="district"),
    "rules_post": Route(
        "/orgs/{district}/hazard-rules/", Cap.HAZARD_RULES, "post", RULES, 302, level="district"
    ),
}
A = "/api/v1/"
API = {
    "api_list": Route(A + "hazards?school_id={school}"),
    "api_detail": Route(A + "hazards/{reported}", hazard="reported"),
    "api_events": Route(A + "hazards/{rectifying}/events", hazard="rectifying"),
    "api_report": Route(
        A + "schools/{school}/hazards", Cap.HAZARD_REPORT, "post", REPORT, 201, bureau_ok=400
    ),
    # Only a bureau's finding carries the bureau's deadline: staff giving one are refused.
    "api_finding": Route(
        A + "schools/{school}/hazards", Cap.HAZARD_REPORT, "post", FINDING, 400, bureau_ok=201
    ),
    **{
        f"api_{action}": Route(
            A + f"hazards/{{{key}}}/{API_ACTION[action][0]}",
            _action_cap(action, key),
            "post",
            API_ACTION[action][1] or data,
            200,
            key,
            json=action not in MULTIPART_API,
        )
        for action, (key, data) in ACTION_ON.items()
    },
}
ROUTES = {**PAGES, **API}


def test_every_workflow_action_is_in_the_matrix():
    assert set(ACTION_ON) == set(ACTIONS) == set(API_ACTION)
    for action, (key, _data) in ACTION_ON.items():
        assert (STATE[key], action) in TRANSITIONS


@pytest.fixture(scope="module")
def outside():
    """A school in a second district of the demo city, with the people the hazards need."""
    school = outside_school()
    for suffix, name, role in [
        ("principal", "北校长", Role.PRINCIPAL),
        ("officer", "北安全主任", Role.SAFETY_OFFICER),
        ("headteacher", "北班主任", Role.HEAD_TEACHER),
        ("teacher", "北教师", Role.TEACHER),
        ("teacher2", "北教师二", Role.TEACHER),
    ]:
        make_user(f"n01.{suffix}", name, school, role)
    return school


def _hazard(school, key, **fields):
    now = timezone.now()
    return Hazard.objects.create(
        school=school,
        place=f"{MARK}{key}",
        category=Category.ELECTRICAL,
        description="插座面板破损",
        source=Source.PATROL,
        status=STATE[key],
        found_on=TODAY,
        reported_at=now,
        **fields,
    )


def _objects(target, request):
    """The target school's hazards in every state, and the ids the routes are formatted with."""
    if target == "outside":
        school = request.getfixturevalue("outside")
    else:
        school = Org.objects.get(code=target)

    def member(suffix):
        return User.objects.get(username=f"{school.code}.{suffix}")

    fixer, now = member(FIXER), timezone.now()
    five = {
        "responsible_person": fixer,
        "responsible_unit": "总务处",
        "measures": "更换面板",
        "deadline": SOON,
    }
    major = {
        "grade": Grade.MAJOR,
        "supervised": True,
        "interim_measures": "设置警戒线",
        "contingency_plan": "疏散人员",
    }
    general = {"grade": Grade.GENERAL}
    rectified = {"rectified_by": fixer, "rectified_at": now}
    hazards = {
        "reported": _hazard(school, "reported", reporter=member(REPORTER)),
        "confirmed": _hazard(school, "confirmed", reporter=member(REPORTER), **general),
        "rectifying": _hazard(school, "rectifying", **major, **five),
        "extension": _hazard(school, "extension", **general, **five),
        "rectified": _hazard(school, "rectified", **general, **five, **rectified),
        "accepted": _hazard(
            school,
            "accepted",
            **major,
            **five,
            **rectified,
            accepted_by=member("principal"),
            accepted_at=now,
        ),
    }
    ExtensionRequest.objects.create(
        hazard=hazards["extension"],
        requested_by=fixer,
        old_deadline=SOON,
        new_deadline=SOON + timedelta(days=10),
        reason="材料未到",
    )
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    ids = {"school": school.pk, "district": district.pk, "person": member("teacher2").pk}
    ids.update({key: hazard.pk for key, hazard in hazards.items()})
    return ids, hazards


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return scope.built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint(school_id):
    """Everything a hazard route could change in one school, and the global logs' lengths."""

    def rows(qs, *fields):
        return list(qs.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        rows(
            Hazard.objects.filter(school_id=school_id),
            "status",
            "grade",
            "supervised",
            "deadline",
            "responsible_person_id",
            "rejection_reason",
            "merged_into_id",
            "supervision_deadline",
            "rectified_by_id",
            "accepted_by_id",
            "signed_off_by_id",
            "updated_at",
        ),
        rows(HazardEvent.objects.filter(hazard__school_id=school_id), "action"),
        rows(ExtensionRequest.objects.filter(hazard__school_id=school_id), "status"),
        rows(Attachment.objects.filter(org_id=school_id), "size"),
        rows(HazardRuleSet.objects.all(), "org_id", "general_days", "remind_days"),
    )


def expected(route, username, target, hazards):
    if not in_scope(username, target, route.level):
        return 404
    user = User.objects.get(username=username)
    caps = CAPABILITIES[ROLE_OF[username]]
    hazard = hazards[route.hazard] if route.hazard else None
    if hazard is not None:
        involved = user.pk in (hazard.reporter_id, hazard.responsible_person_id)
        if Cap.HAZARD_VIEW not in caps and not involved:
            return 404
    if route.cap is None:
        return route.ok
    if route.cap == RESPONSIBLE:
        return route.ok if hazard.responsible_person_id == user.pk else 403
    if route.cap not in caps:
        return 403
    if route.bureau_ok is not None and ROLE_OF[username] in BUREAU_ROLES:
        return route.bureau_ok
    return route.ok


def _data(data, ids):
    """The request data; its strings name the target's ids in braces."""
    return fill({k: v.format(**ids) if isinstance(v, str) else v for k, v in data.items()}, ids)


def call(client, route, ids):
    return scope.call(client, route, ids, data=_data)


@pytest.mark.parametrize("username", list(ROLE_OF))
@pytest.mark.parametrize("name", list(ROUTES))
def test_scope(name, username, login, made):
    route = ROUTES[name]
    hazards = {}

    def objects(target):
        ids, hazards[target] = made[target]
        return ids

    got, want, changed = scope.try_targets(
        login(username),
        route,
        username,
        objects=objects,
        expected=lambda target, _ids: expected(route, username, target, hazards[target]),
        fingerprint=lambda ids: fingerprint(ids["school"]),
        send=call,
        # Refusals only: a refused POST must leave the school exactly as it was.
        must_change=lambda _target, want: False if want in (403, 404) else None,
    )
    assert got == want
    assert changed == [], f"a refused {name} by {username} changed {changed}"


# A hazard of s02 under s01's address: the school is visible, the hazard is not there.
HAZARD_PAGES = [n for n, r in PAGES.items() if r.hazard]


@pytest.mark.parametrize("username", ["s01.officer", "bureau.admin"])
@pytest.mark.parametrize("name", HAZARD_PAGES)
def test_a_hazard_of_another_school_is_not_found_under_this_one(name, username, login, made):
    route = PAGES[name]
    s01_ids, _h = made["s01"]
    ids, _h = made["s02"]
    ids = {**ids, "school": s01_ids["school"], "person": s01_ids["person"]}
    before = fingerprint(s01_ids["school"]), fingerprint(Org.objects.get(code="s02").pk)
    response = call(login(username), route, ids)
    assert response.status_code == 404
    assert (fingerprint(s01_ids["school"]), fingerprint(Org.objects.get(code="s02").pk)) == before


@pytest.mark.parametrize("username", list(ROLE_OF))
def test_lists_hold_exactly_the_visible_hazards(username, login, made):
    """The API list (per school and overall) and the ledger page show what the person may see."""
    client = login(username)
    user = User.objects.get(username=username)
    caps = CAPABILITIES[ROLE_OF[username]]
    seen_everywhere = set()
    for target in targets(username):
        ids, hazards = made[target]
        visible = {
            hazard.pk
            for hazard in hazards.values()
            if in_scope(username, target)
            and (
                Cap.HAZARD_VIEW in caps
                or user.pk in (hazard.reporter_id, hazard.responsible_person_id)
            )
        }
        seen_everywhere |= visible
        response = client.get(f"{A}hazards", {"school_id": ids["school"], "q": MARK})
        if not in_scope(username, target):
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        assert {item["id"] for item in response.json()["items"]} == visible, target
        page = client.get(f"/schools/{ids['school']}/hazards/", {"q": MARK})
        if Cap.HAZARD_VIEW in caps:
            assert page.status_code == 200
            shown = {pk for pk in ids.values() if f'hazards/{pk}/"' in page.content.decode()}
            assert shown == visible, target
        else:
            assert page.status_code == 403
    response = client.get(f"{A}hazards", {"q": MARK})
    assert {item["id"] for item in response.json()["items"]} == seen_everywhere


GET_PAGES = [r.url for r in PAGES.values() if r.method == "get"]


@pytest.mark.parametrize("url", GET_PAGES)
def test_anonymous_pages_go_to_login(url, made):
    ids, _h = made["s01"]
    response = Client().get(url.format(**ids))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("name", [n for n, r in PAGES.items() if r.method == "post"])
def test_anonymous_actions_change_nothing(name, made):
    ids, _h = made["s01"]
    before = fingerprint(ids["school"])
    response = call(Client(), PAGES[name], ids)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert fingerprint(ids["school"]) == before


@pytest.mark.parametrize("name", list(API))
def test_anonymous_api_is_401(name, made):
    ids, _h = made["s01"]
    before = fingerprint(ids["school"])
    assert call(Client(), API[name], ids).status_code == 401
    assert fingerprint(ids["school"]) == before


def test_public_routes_need_no_login_and_know_only_schools():
    client = Client()
    assert client.get("/r/s01/").status_code == 200
    assert client.get("/r/no-such-school/").status_code == 404
    district = Org.objects.get(code="demo-district")
    assert client.get(f"/r/{district.code}/").status_code == 404  # a bureau is not a school
    assert client.get("/track/").status_code == 200
    assert client.get(f"{A}track/AAAAA-22222").status_code == 404
