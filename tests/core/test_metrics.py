"""The metrics registry: every module's per-school figures, each checked against rows built by
hand in a district of its own (two schools, one of them empty), and one query per metric for
any number of schools."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecampus.core import metrics
from safecampus.core.metrics import Period
from safecampus.core.models import Org, OrgKind
from safecampus.core.services import orgs
from safecampus.emergencies.models import (
    Alarm,
    AlarmKind,
    AlarmStatus,
    Drill,
    DrillStatus,
    EmergencyKind,
)
from safecampus.hazards import tally
from safecampus.hazards.models import Hazard, Status
from safecampus.hazards.services import report_hazard
from safecampus.risks.levels import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """城北区 with a busy school (n01) and an empty one (n02)."""
    city = Org.objects.get(code="demo-city")
    north = orgs.create_org(
        actor=None, parent=city, kind=OrgKind.DISTRICT, name="城北区", code="north"
    )
    for code, name in (("n01", "城北小学"), ("n02", "城北幼儿园")):
        orgs.create_org(actor=None, parent=north, kind=OrgKind.SCHOOL, name=name, code=code)
    return north


def _schools(district):
    return Org.objects.schools().under(district)


def _ids(district):
    return {o.code: o.pk for o in _schools(district)}


def test_every_module_registered_its_metrics():
    groups = {key.split(".")[0] for key in metrics.METRICS}
    assert {"hazards", "risks", "checks", "patrols", "drills", "alarms", "gate"} <= groups


def test_an_empty_school_counts_zero_and_has_no_rate(district):
    period = Period.month(timezone.localdate())
    table = metrics.table(list(metrics.METRICS), _schools(district), period)
    empty = _ids(district)["n02"]
    for key, per_school in table.items():
        metric = metrics.get(key)
        assert per_school[empty] == (None if metric.unit == "percent" else 0), key


def test_hazard_figures_follow_the_ledger(district):
    school = Org.objects.get(code="n01")
    today = timezone.localdate()
    made = [
        report_hazard(
            actor=None, school=school, place=f"{n}号楼", category="fire", description="灭火器过期"
        )
        for n in range(4)
    ]
    # One closed today, one in rectification past its deadline, one major and open.
    Hazard.objects.filter(pk=made[0].pk).update(status=Status.CLOSED, closed_at=timezone.now())
    Hazard.objects.filter(pk=made[1].pk).update(
        status=Status.RECTIFYING, deadline=today - timedelta(days=2)
    )
    Hazard.objects.filter(pk=made[2].pk).update(status=Status.CONFIRMED, grade="major")
    tally.rebuild([school.pk])
    schools, n01 = _schools(district), school.pk
    month = Period.month(today)
    assert metrics.values("hazards.found", schools, month)[n01] == 4
    assert metrics.values("hazards.closed", schools, month)[n01] == 1
    assert metrics.values("hazards.closure_rate", schools, month)[n01] == 25.0
    assert metrics.values("hazards.open", schools, month)[n01] == 3
    assert metrics.values("hazards.overdue", schools, month)[n01] == 1
    assert metrics.values("hazards.major_open", schools, month)[n01] == 1
    # A period before any of them: nothing found or closed, the snapshots unchanged.
    last_year = Period.year(today.year - 1)
    assert metrics.values("hazards.found", schools, last_year)[n01] == 0
    assert metrics.values("hazards.open", schools, last_year)[n01] == 3


def test_drills_and_alarms_are_counted_in_their_period(district, person):
    school = Org.objects.get(code="n01")
    by = person("bureau.admin")
    today = timezone.localdate()
    for status in (DrillStatus.DONE, DrillStatus.PLANNED):
        Drill.objects.create(
            school=school,
            planned_on=today,
            status=status,
            kind=EmergencyKind.values[0],
            created_by=by,
        )
    for status in (AlarmStatus.ACTIVE, AlarmStatus.RESOLVED, AlarmStatus.CANCELLED):
        Alarm.objects.create(school=school, kind=AlarmKind.values[0], status=status, raised_by=by)
    schools, n01, month = _schools(district), school.pk, Period.month(today)
    assert metrics.values("drills.held", schools, month)[n01] == 1
    assert metrics.values("alarms.raised", schools, month)[n01] == 2
    assert metrics.values("alarms.false", schools, month)[n01] == 1
    assert metrics.values("alarms.active", schools, month)[n01] == 1
    assert metrics.values("drills.held", schools, Period.year(today.year - 1))[n01] == 0


def test_risk_points_by_level_and_due_review(org):
    from safecampus.risks.models import RiskPoint

    district = org("demo-district")
    schools = Org.objects.schools().under(district)
    expected_major = dict.fromkeys(schools.values_list("pk", flat=True), 0)
    for school_id in RiskPoint.objects.filter(school__in=schools, level=Level.MAJOR).values_list(
        "school_id", flat=True
    ):
        expected_major[school_id] += 1
    got = metrics.values("risks.major", schools, Period.month(timezone.localdate()))
    assert got == expected_major


def test_a_period_is_whole_days_in_local_time():
    week = Period.week(date(2026, 12, 2))
    assert (week.start, week.end) == (date(2026, 11, 30), date(2026, 12, 6))
    month = Period.month(date(2026, 2, 10))
    assert (month.start, month.end) == (date(2026, 2, 1), date(2026, 2, 28))
    start, end = month.bounds
    assert timezone.localtime(start).date() == date(2026, 2, 1)
    assert timezone.localtime(end).date() == date(2026, 3, 1)
    with pytest.raises(ValueError):
        Period(date(2026, 2, 2), date(2026, 2, 1))


def test_the_query_count_does_not_grow_with_the_schools(district, org):
    keys = list(metrics.METRICS)
    period = Period.month(timezone.localdate())
    # Two schools, then every school of the city (the new district's and the demo's): the
    # few share the demo's calendar, as the many do, so the count compares like with like.
    few = Org.objects.schools().filter(code__in=["s01", "s02"])
    many = Org.objects.schools()
    assert many.count() > few.count() + 5
    with CaptureQueriesContext(connection) as small:
        metrics.table(keys, few, period)
    with CaptureQueriesContext(connection) as large:
        metrics.table(keys, many, period)
    # One query per metric, except education's two snapshots (classes overdue for a lesson,
    # staff short of quota), which read the schools' calendars and the rules before their
    # GROUP BY (a fixed 4 to 9 more each); the 1530 pair reads its nightly roll-up in one.
    assert len(small) == len(large) <= len(keys) + 22


def test_a_person_sees_only_the_metrics_of_their_capabilities(org, person):
    school = org("s01")
    teacher_keys = {m.key for m in metrics.visible(person("s01.teacher"), school)}
    officer_keys = {m.key for m in metrics.visible(person("s01.officer"), school)}
    assert "hazards.found" not in teacher_keys
    assert "hazards.found" in officer_keys


def test_median_months_and_links():
    assert metrics.median([3, None, 1, 2]) == 2
    assert metrics.median([1, 2, 4, 4]) == 3
    assert metrics.median([1, 2]) == 1.5
    assert metrics.median([None]) is None
    assert metrics.median([62.5, 66.7]) == 64.6
    periods = metrics.months(date(2026, 3, 15), 12)
    assert periods[0] == Period(date(2025, 4, 1), date(2025, 4, 30))
    assert periods[-1] == Period(date(2026, 3, 1), date(2026, 3, 31))
    assert len({p.start for p in periods}) == 12
    district = Org.objects.get(code="demo-district")
    school = Org.objects.get(code="s01")
    overdue = metrics.get("hazards.overdue")
    assert metrics.link(overdue, district) == f"/orgs/{district.pk}/hazards/#overdue-list"
    assert metrics.link(overdue, school) == f"/schools/{school.pk}/hazards/"
    assert metrics.link(metrics.get("gate.visitors"), school) is None
    assert metrics.link(metrics.get("gate.visitors"), district) == f"/orgs/{district.pk}/gate/"
    with pytest.raises(ImproperlyConfigured):
        metrics.trend("checks.completion", _schools(district), periods)


def test_breakdowns_count_every_category_in_one_query(district):
    school = Org.objects.get(code="n01")
    for category in ("fire", "fire", "food"):
        report_hazard(
            actor=None, school=school, place="食堂", category=category, description="检查"
        )
    year = Period.year(timezone.localdate().year)
    with CaptureQueriesContext(connection) as queries:
        rows = metrics.breakdown("hazards.by_category", _schools(district), year)
    assert len(queries) == 1
    by_value = {value: n for value, _label, n in rows}
    assert by_value["fire"] == 2 and by_value["food"] == 1 and by_value["other"] == 0
    assert rows[0][0] == "fire"
