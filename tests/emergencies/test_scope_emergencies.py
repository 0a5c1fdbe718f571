"""The scope matrix of emergencies: every page and API route, as every demo role, on the
objects of three schools (s01, its sibling s02, and a school in another district made here).

Out of scope is always 404. In scope, a page is its success status, or 403 when
roles.CAPABILITIES does not give the person the route's capability there. The API answers 404
for an alarm or incident the person may not see at all. A refused POST must leave everything
as it was, and an allowed one must change something (so a refusal is never bad test data).
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import (
    AuditEvent,
    Notification,
    Org,
    OrgKind,
    Robot,
    RobotKind,
    User,
    Zone,
)
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.emergencies.api import router
from safecampus.emergencies.models import (
    Alarm,
    AlarmDevice,
    AlarmKind,
    AlarmResponse,
    Drill,
    DrillClass,
    DrillStatus,
    EmergencyPlan,
    EmergencyRuleSet,
    FollowUp,
    Incident,
    IncidentReport,
    PlanActivation,
    Review,
    StepCheck,
)
from safecampus.emergencies.services import plans as plan_services
from safecampus.emergencies.urls import urlpatterns
from tests.helpers import make_user
from tests.roles import ROLE_OF
from tests.scope import (
    Id,
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

MARK = "范围测试"


@dataclass(frozen=True)
class Route:
    url: str
    cap: str | tuple | None = None  # a tuple: any one of them
    method: str = "get"
    data: object = field(default_factory=dict)  # a dict, or a function of the ids
    ok: int = 200
    sees: str | None = None  # API: the object is not found (404) without this capability
    level: str = "school"
    json: bool = False
    device: bool = False  # authenticated by a device key, never by a person
    gate: str | None = None  # the page's own gate, when the action checks more after it


V, RA, RE, M = Cap.ALARM_VIEW, Cap.ALARM_RAISE, Cap.ALARM_RESPOND, Cap.ALARM_MANAGE
S = "/schools/{school}/emergencies/"
A = S + "alarms/{alarm}/"
PLAN = {
    "kind": "drowning",
    "title": MARK + "防溺水预案",
    "roles": "# 发现人\n呼救\n抛投救生圈",
    "contacts": "",
    "assembly_points": "",
}
INCIDENT = {
    "kind": "stampede",
    "occurred_at": "2026-11-20T08:05",
    "place": MARK + "楼梯",
    "injured": "1",
    "description": "下课拥挤",
    "actions": "疏导",
}
DRILL = {"kind": "earthquake", "planned_on": "2026-12-10", "scenario": MARK, "classes": "一班 40"}
RULES = {
    "school_period": "month",
    "kindergarten_period": "quarter",
    "report_read_minutes": "20",
    "source": MARK,
}
ROBOT = {"kind": "feishu", "name": MARK, "url": "https://open.feishu.cn/hook/x"}


def run_data(ids):
    day = ids["drill_day"]
    data = {
        "started_at": f"{day}T10:00",
        "alarm_at": f"{day}T10:01",
        "evacuated_at": f"{day}T10:04",
        "problems": MARK + "出口堵塞",
        "problem_place": "教学楼",
    }
    data[f"present_{ids['drill_class']}"] = "39"
    data[f"missing_{ids['drill_class']}"] = "一人请假"
    return data


PAGES = {
    "index": Route(S, V),
    "raise": Route(S + "alarm/", RA),
    "raise_post": Route(S + "alarm/", RA, "post", {"kind": "other", "place": MARK}, 302),
    "alarm": Route(A, V),
    "alarm_status": Route(A + "status/", V),
    "alarm_ack": Route(A + "ack/", RE, "post", {}, 302),
    "alarm_respond": Route(A + "respond/", RE, "post", {"state": "arrived"}, 302),
    "alarm_self_rescue": Route(A + "self-rescue/", (RA, RE), "post", {"note": MARK}, 302, gate=V),
    "alarm_reinforcement": Route(A + "reinforcement/", RE, "post", {"note": MARK}, 302),
    "alarm_plan": Route(A + "plan/", RE, "post", {"plan": Id("plan")}, 302),
    "alarm_step": Route(S + "alarms/{alarm2}/steps/{step}/", (RA, RE), "post", {}, 302, gate=V),
    "alarm_close": Route(A + "close/", M, "post", {"note": MARK}, 302, gate=V),
    "plans": Route(S + "plans/", Cap.PLAN_VIEW),
    "plan_create": Route(S + "plans/new/", Cap.PLAN_MANAGE),
    "plan_create_post": Route(S + "plans/new/", Cap.PLAN_MANAGE, "post", PLAN, 302),
    "plan": Route(S + "plans/{plan}/", Cap.PLAN_VIEW),
    "plan_edit": Route(S + "plans/{plan}/edit/", Cap.PLAN_MANAGE),
    "plan_edit_post": Route(
        S + "plans/{plan}/edit/",
        Cap.PLAN_MANAGE,
        "post",
        lambda ids: {**PLAN, "kind": "intrusion", "roles": ids["plan_roles"]},
        302,
    ),
    "incidents": Route(S + "incidents/", Cap.INCIDENT_VIEW),
    "incident_create": Route(S + "incidents/new/", Cap.INCIDENT_MANAGE),
    "incident_create_post": Route(S + "incidents/new/", Cap.INCIDENT_MANAGE, "post", INCIDENT, 302),
    "incident": Route(S + "incidents/{incident}/", Cap.INCIDENT_VIEW),
    "incident_follow_up": Route(
        S + "incidents/{incident}/follow-up/", Cap.INCIDENT_MANAGE, "post", {"text": MARK}, 302
    ),
    "incident_review": Route(S + "incidents/{incident}/review/", Cap.INCIDENT_MANAGE),
    "incident_review_post": Route(
        S + "incidents/{incident}/review/",
        Cap.INCIDENT_MANAGE,
        "post",
        {"causes": "拥挤", "gaps": "无人疏导", "hazard_measures": MARK, "category": "other"},
        302,
    ),
    "drills": Route(S + "drills/", Cap.DRILL_VIEW),
    "drill_create": Route(S + "drills/new/", Cap.DRILL_MANAGE),
    "drill_create_post": Route(S + "drills/new/", Cap.DRILL_MANAGE, "post", DRILL, 302),
    "drill": Route(S + "drills/{drill}/", Cap.DRILL_VIEW),
    "drill_run": Route(S + "drills/{drill}/run/", Cap.DRILL_MANAGE),
    "drill_run_post": Route(S + "drills/{drill}/run/", Cap.DRILL_MANAGE, "post", run_data, 302),
    "drill_roll": Route(S + "drills/{today_drill}/roll/", Cap.DRILL_MANAGE, "post", ok=302),
    "drill_summary": Route(
        S + "drills/{done_drill}/summary/", Cap.DRILL_MANAGE, "post", {"summary": MARK}, 302
    ),
    "devices": Route(S + "devices/", M),
    "devices_post": Route(S + "devices/", M, "post", {"name": MARK}, 200),
    "device_revoke": Route(S + "devices/{device}/revoke/", M, "post", {}, 302),
    "overview_school": Route("/orgs/{school}/emergencies/", V),
    "overview_district": Route("/orgs/{district}/emergencies/", V, level="district"),
    "rules_school": Route("/orgs/{school}/emergency-rules/", Cap.EMERGENCY_RULES),
    "rules_district": Route(
        "/orgs/{district}/emergency-rules/", Cap.EMERGENCY_RULES, level="district"
    ),
    "rules_post": Route(
        "/orgs/{district}/emergency-rules/",
        Cap.EMERGENCY_RULES,
        "post",
        RULES,
        302,
        level="district",
    ),
    "broadcast_rules": Route(
        "/orgs/{district}/broadcast-rules/", Cap.EMERGENCY_RULES, level="district"
    ),
    "broadcast_rules_post": Route(
        "/orgs/{district}/broadcast-rules/",
        Cap.EMERGENCY_RULES,
        "post",
        {**{f"kind_{k}": f"{MARK}{k}" for k in AlarmKind.values}, "source": MARK},
        302,
        level="district",
    ),
    "robots_school": Route("/orgs/{school}/robots/", M),
    "robots_school_post": Route("/orgs/{school}/robots/", M, "post", ROBOT, 302),
    "robots_district": Route("/orgs/{district}/robots/", Cap.EMERGENCY_RULES, level="district"),
    "robot_remove": Route("/orgs/{school}/robots/{robot}/remove/", M, "post", {}, 302),
    "robot_remove_district": Route(
        "/orgs/{district}/robots/{bureau_robot}/remove/",
        Cap.EMERGENCY_RULES,
        "post",
        {},
        302,
        level="district",
    ),
}
API_ROOT = "/api/v1/"
API = {
    "api_alarms": Route(API_ROOT + "alarms?school_id={school}"),
    "api_alarm": Route(API_ROOT + "alarms/{alarm}", sees=V),
    "api_raise": Route(
        API_ROOT + "schools/{school}/alarms", RA, "post", {"kind": "fire"}, 201, json=True
    ),
    "api_device": Route(
        API_ROOT + "device/alarms",
        method="post",
        data=lambda ids: {"school_id": ids["school"], "kind": "fire"},
        json=True,
        device=True,
    ),
    "api_ack": Route(API_ROOT + "alarms/{alarm}/acknowledge", RE, "post", sees=V, json=True),
    "api_respond": Route(
        API_ROOT + "alarms/{alarm}/respond", RE, "post", {"arrived": True}, sees=V, json=True
    ),
    "api_self_rescue": Route(
        API_ROOT + "alarms/{alarm}/self-rescue", (RA, RE), "post", {"note": MARK}, sees=V, json=True
    ),
    "api_reinforcement": Route(
        API_ROOT + "alarms/{alarm}/reinforcement", RE, "post", {"note": MARK}, sees=V, json=True
    ),
    "api_close": Route(
        API_ROOT + "alarms/{alarm}/close", M, "post", {"note": MARK}, sees=V, json=True
    ),
    "api_alarm_plan": Route(
        API_ROOT + "alarms/{alarm}/plan", RE, "post", {"plan_id": Id("plan")}, sees=V, json=True
    ),
    "api_alarm_step": Route(
        API_ROOT + "alarms/{alarm2}/steps/{step}", (RA, RE), "post", sees=V, json=True
    ),
    "api_plans": Route(API_ROOT + "schools/{school}/plans", Cap.PLAN_VIEW),
    "api_plan": Route(API_ROOT + "plans/{plan}", sees=Cap.PLAN_VIEW),
    "api_plan_create": Route(
        API_ROOT + "schools/{school}/plans",
        Cap.PLAN_MANAGE,
        "post",
        {"kind": "drowning", "title": MARK, "roles": [{"name": "发现人", "steps": ["呼救"]}]},
        201,
        json=True,
    ),
    "api_follow_up": Route(
        API_ROOT + "incidents/{incident}/follow-ups",
        Cap.INCIDENT_MANAGE,
        "post",
        {"text": MARK},
        201,
        sees=Cap.INCIDENT_VIEW,
        json=True,
    ),
    "api_review": Route(
        API_ROOT + "incidents/{incident}/review",
        Cap.INCIDENT_MANAGE,
        "post",
        {"causes": "拥挤", "gaps": "无人疏导", "hazard_measures": [{"text": MARK}]},
        201,
        sees=Cap.INCIDENT_VIEW,
        json=True,
    ),
    "api_drill": Route(API_ROOT + "drills/{drill}", sees=Cap.DRILL_VIEW),
    "api_drill_run": Route(
        API_ROOT + "drills/{drill}/run",
        Cap.DRILL_MANAGE,
        "post",
        lambda ids: {
            "started_at": f"{ids['drill_day']}T10:00:00+08:00",
            "alarm_at": f"{ids['drill_day']}T10:01:00+08:00",
            "evacuated_at": f"{ids['drill_day']}T10:04:00+08:00",
            "counts": [{"label": "一班", "present": 40}],
            "problems": [MARK],
        },
        sees=Cap.DRILL_VIEW,
        json=True,
    ),
    "api_drill_summary": Route(
        API_ROOT + "drills/{done_drill}/summary",
        Cap.DRILL_MANAGE,
        "post",
        {"summary": MARK},
        sees=Cap.DRILL_VIEW,
        json=True,
    ),
    "api_incidents": Route(API_ROOT + "incidents?school_id={school}"),
    "api_incident": Route(API_ROOT + "incidents/{incident}", sees=Cap.INCIDENT_VIEW),
    "api_incident_create": Route(
        API_ROOT + "schools/{school}/incidents",
        Cap.INCIDENT_MANAGE,
        "post",
        {**INCIDENT, "occurred_at": "2026-11-20T08:05:00+08:00", "injured": 1},
        201,
        json=True,
    ),
    "api_incident_read": Route(
        API_ROOT + "incidents/{incident}/read",
        Cap.INCIDENT_RECEIVE,
        "post",
        sees=Cap.INCIDENT_VIEW,
        json=True,
    ),
    "api_drills": Route(API_ROOT + "drills?school_id={school}", Cap.DRILL_VIEW),
    "api_drill_create": Route(
        API_ROOT + "schools/{school}/drills",
        Cap.DRILL_MANAGE,
        "post",
        {"kind": "fire", "planned_on": "2026-12-01", "scenario": MARK, "classes": []},
        201,
        json=True,
    ),
    "api_compliance_district": Route(
        API_ROOT + "orgs/{district}/drill-compliance", Cap.DRILL_VIEW, level="district"
    ),
}
ROUTES = {**PAGES, **API}


def test_every_route_is_in_the_matrix():
    ids = dict.fromkeys(
        ["school", "district", "alarm", "alarm2", "step", "plan", "incident", "drill",
         "done_drill", "today_drill", "device", "robot", "bureau_robot"],
        7,
    )  # fmt: skip
    assert page_names(PAGES.values(), ids) == {p.name for p in urlpatterns}
    assert api_tried(API.values(), ids) == api_operations(router)


@pytest.fixture(scope="module")
def outside():
    school = outside_school(school_kind=SchoolKind.PRIMARY)
    for suffix, role in (("officer", Role.SAFETY_OFFICER), ("guard", Role.GUARD)):
        make_user(f"n01.{suffix}", suffix, school, role)
    Zone.objects.create(school=school, name="北校门", kind="gate")
    plan_services.save_plan(
        actor=User.objects.get(username="n01.officer"),
        school=school,
        kind="intrusion",
        title="防侵害预案",
        roles="# 门卫\n关闭校门",
    )
    return school


def _objects(target, request):
    """Fresh objects of the target school for every route to work on."""
    if target == "outside":
        school = request.getfixturevalue("outside")
    else:
        school = Org.objects.get(code=target)
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    officer = User.objects.get(username=f"{school.code}.officer")
    guard = User.objects.get(username=f"{school.code}.guard")
    plan = EmergencyPlan.objects.filter(school=school, kind="intrusion").order_by("pk").first()
    alarm = Alarm.objects.create(school=school, kind="fire", raised_by=guard)
    alarm2 = Alarm.objects.create(school=school, kind="intrusion", raised_by=guard)
    PlanActivation.objects.create(alarm=alarm2, plan=plan, activated_by=officer)
    step = plan.roles.first().steps.first()
    incident = Incident.objects.create(
        school=school,
        kind="fire",
        occurred_at=timezone.now(),
        place="实验室",
        description="起火",
        recorded_by=officer,
    )
    IncidentReport.objects.create(incident=incident, bureau=district, sent_at=timezone.now())
    day = timezone.localdate() - timedelta(days=1)
    drill = Drill.objects.create(
        school=school, kind="fire", planned_on=day, scenario="演练", created_by=officer
    )
    row = DrillClass.objects.create(drill=drill, label="一班", expected=40)
    done = Drill.objects.create(
        school=school,
        kind="fire",
        planned_on=day,
        scenario="已完成",
        created_by=officer,
        status=DrillStatus.DONE,
        started_at=timezone.make_aware(datetime.combine(day, time(9))),
    )
    today_drill = Drill.objects.create(
        school=school,
        kind="fire",
        planned_on=timezone.localdate(),
        scenario="今日演练",
        created_by=officer,
    )
    device = AlarmDevice.objects.create(
        school=school, name="盒", prefix="x", key_hash=f"h{school.pk}"
    )
    robot = Robot.objects.create(org=school, kind=RobotKind.WECOM, name="群", url="https://x.test/")
    bureau_robot = Robot.objects.get_or_create(
        org=district, kind=RobotKind.DINGTALK, name="局群", url="https://y.test/"
    )[0]
    return {
        "school": school.pk,
        "district": district.pk,
        "alarm": alarm.pk,
        "alarm2": alarm2.pk,
        "step": step.pk,
        "plan": plan.pk,
        "plan_roles": plan_services.roles_text(plan),
        "incident": incident.pk,
        "drill": drill.pk,
        "drill_day": day.isoformat(),
        "drill_class": row.pk,
        "done_drill": done.pk,
        "today_drill": today_drill.pk,
        "device": device.pk,
        "robot": robot.pk,
        "bureau_robot": bureau_robot.pk,
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
        rows(Alarm, "status", "self_rescue_at", "mutual_rescue_at", "reinforcement_at"),
        rows(AlarmResponse, "acknowledged_at", "on_the_way_at", "arrived_at"),
        rows(PlanActivation),
        rows(StepCheck),
        rows(EmergencyPlan, "title", "updated_at"),
        rows(Incident),
        rows(IncidentReport, "read_at"),
        rows(FollowUp),
        rows(Review),
        rows(Drill, "status", "summary"),
        rows(AlarmDevice, "revoked_at"),
        rows(Robot, "active"),
        rows(EmergencyRuleSet, "school_period", "source"),
    )


def expected(route, username, target):
    if route.device:
        return 401  # a person's session is no device key
    if not in_scope(username, target, route.level):
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.sees and route.sees not in caps:
        return 404
    if route.cap is None:
        return route.ok
    need = route.cap if isinstance(route.cap, tuple) else (route.cap,)
    return route.ok if any(c in caps for c in need) else 403


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


FOREIGN = {  # a route given an object of s02 under s01's address
    "alarm": "alarm",
    "alarm_ack": "alarm",
    "alarm_close": "alarm",
    "alarm_step": "alarm2",
    "plan": "plan",
    "plan_edit_post": "plan",
    "incident": "incident",
    "incident_follow_up": "incident",
    "drill": "drill",
    "drill_summary": "done_drill",
    "device_revoke": "device",
    "robot_remove": "robot",
}


@pytest.mark.parametrize("username", ["s01.officer", "bureau.admin"])
@pytest.mark.parametrize("name", list(FOREIGN))
def test_an_object_of_another_school_is_not_found_under_this_one(name, username, login, made):
    route = PAGES[name]
    s01, s02 = made["s01"], made["s02"]
    key = FOREIGN[name]
    ids = {**s01, key: s02[key]}
    if key == "alarm2":
        ids["step"] = s02["step"]
    before = fingerprint()
    response = call(login(username), route, ids)
    caps = CAPABILITIES[ROLE_OF[username]]
    gate = route.gate or route.cap
    need = gate if isinstance(gate, tuple) else (gate,)
    assert response.status_code == (404 if any(c in caps for c in need) else 403)
    assert fingerprint() == before


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(ROUTES[name], ids, api=name in API, fingerprint=lambda: fingerprint())
