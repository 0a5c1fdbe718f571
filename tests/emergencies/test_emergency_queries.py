"""The emergencies lists answer in a fixed number of queries, however much they show: each page
is loaded on the demo data, then 30 more of what it lists are added (each with its own person,
zone or robot) and it is loaded again. The second load needs no more queries than the first,
both stay within the budget, and the added rows do show."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import Channel, Delivery, Robot, RobotKind, Zone
from safecampus.core.roles import Role
from safecampus.emergencies.models import (
    Alarm,
    AlarmDevice,
    AlarmResponse,
    Drill,
    DrillClass,
    DrillStatus,
    EmergencyPlan,
    Incident,
    IncidentReport,
    PlanRole,
    PlanStep,
)
from tests import budgets

pytestmark = pytest.mark.django_db

MORE = 30
BUDGET = 30
SERIAL = itertools.count()


def _people(school, n=MORE):
    return budgets.people(school, n, SERIAL, username="e", name="人", role=Role.GUARD)


def _zones(school, n=MORE):
    return [
        Zone.objects.create(school=school, name=f"区{next(SERIAL)}", kind="room") for _ in range(n)
    ]


def add_alarms(school, district):
    people, zones = _people(school), _zones(school)
    devices = [
        AlarmDevice.objects.create(
            school=school, name=f"盒{i}", prefix="p", key_hash=f"q{next(SERIAL)}"
        )
        for i in range(MORE)
    ]
    robot = Robot.objects.create(org=school, kind=RobotKind.WECOM, name="群", url="https://x.test/")
    for i, (person, zone) in enumerate(zip(people, zones, strict=True)):
        alarm = Alarm.objects.create(
            school=school, kind="fire", zone=zone, raised_by=person if i % 2 else None,
            device=None if i % 2 else devices[i], place="" if i % 3 else f"处{i}",
        )  # fmt: skip
        AlarmResponse.objects.create(alarm=alarm, user=person, acknowledged_at=timezone.now())
        Delivery.objects.create(
            channel=Channel.ROBOT, robot=robot, org=school, subject=alarm, title="t", text="t"
        )
    return MORE


def add_plans(school, district):
    for i in range(MORE):
        plan = EmergencyPlan.objects.create(school=school, kind="fire", title=f"加{i}")
        role = PlanRole.objects.create(plan=plan, name="角色")
        PlanStep.objects.create(role=role, text="步骤")
        plan.zones.set(_zones(school, 1))
    return MORE


def add_incidents(school, district):
    people, zones = _people(school), _zones(school)
    for i, (person, zone) in enumerate(zip(people, zones, strict=True)):
        incident = Incident.objects.create(
            school=school, kind="fire", occurred_at=timezone.now() - timedelta(minutes=i),
            place=f"处{i}", zone=zone, description="d", recorded_by=person,
        )  # fmt: skip
        IncidentReport.objects.create(incident=incident, bureau=district, sent_at=timezone.now())
    return MORE


def add_drills(school, district):
    people = _people(school)
    for i, person in enumerate(people):
        drill = Drill.objects.create(
            school=school, kind="fire", planned_on=timezone.localdate() + timedelta(days=i + 1),
            scenario="s", created_by=person, status=DrillStatus.PLANNED,
        )  # fmt: skip
        DrillClass.objects.create(drill=drill, label="一班", expected=40)
    return MORE


def add_devices(school, district, n=MORE):
    zones = _zones(school, n)
    for i, zone in enumerate(zones):
        AlarmDevice.objects.create(
            school=school, name=f"A{i}", zone=zone, prefix="p", key_hash=f"k{next(SERIAL)}"
        )
    return MORE


def add_robots(school, district, n=MORE):
    for _i in range(n):
        Robot.objects.create(
            org=school, kind=RobotKind.FEISHU, name=f"A{next(SERIAL)}", url="https://x.test/"
        )
    return MORE


CASES = {
    "alarms": ("s01.officer", "/schools/{school}/emergencies/", add_alarms),
    "alarms_api": ("s01.officer", "/api/v1/alarms?school_id={school}", add_alarms),
    "plans": ("s01.teacher", "/schools/{school}/emergencies/plans/", add_plans),
    "plans_api": ("s01.teacher", "/api/v1/schools/{school}/plans", add_plans),
    "incidents": ("s01.officer", "/schools/{school}/emergencies/incidents/", add_incidents),
    "incidents_api": ("bureau.admin", "/api/v1/incidents?school_id={school}", add_incidents),
    "drills": ("s01.officer", "/schools/{school}/emergencies/drills/", add_drills),
    "drills_api": ("s01.officer", "/api/v1/drills?school_id={school}", add_drills),
    "devices": ("s01.officer", "/schools/{school}/emergencies/devices/", add_devices),
    "robots": ("s01.officer", "/orgs/{school}/robots/", add_robots),
    "overview": ("bureau.admin", "/orgs/{district}/emergencies/", add_incidents),
}


@pytest.mark.parametrize("name", list(CASES))
def test_list_queries_do_not_grow_with_rows(name, login, org):
    username, pattern, grow = CASES[name]
    school, district = org("s01"), org("demo-district")
    url = pattern.format(school=school.pk, district=district.pk)
    client = login(username)
    if name in ("devices", "robots"):
        # The demo has none: an empty page skips the page's query, so start from one row.
        grow(school, district, n=1)
    loads = budgets.grow_between_loads(client, url, lambda: grow(school, district))
    budgets.assert_bounded(loads, BUDGET, url)
    assert loads.after != loads.before  # the added rows show
