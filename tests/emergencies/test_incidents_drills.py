"""Incidents: the upward report with its read receipt and escalation, and the review whose
measures become hazards or risk re-assessments. Drills: head counts by class and problems that
become hazards."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Notification
from safecampus.emergencies.models import Drill, DrillStatus, Incident, IncidentReport
from safecampus.emergencies.services import drills, incidents
from safecampus.hazards.models import Hazard
from safecampus.risks.models import RiskPoint

pytestmark = pytest.mark.django_db


def _incident(org, person, **extra):
    return incidents.record_incident(
        actor=person("s01.officer"),
        school=org("s01"),
        kind="food_poisoning",
        occurred_at=timezone.now() - timedelta(hours=1),
        place="食堂",
        description="午餐后12名学生腹痛呕吐",
        injured=12,
        actions="送医，封存留样",
        **extra,
    )


def test_an_incident_is_reported_to_the_bureau_at_once(org, person, login):
    incident = _incident(org, person)
    (report,) = incident.reports.all()
    assert report.bureau == org("demo-district")
    assert report.sent_at is not None and report.read_at is None
    assert Notification.objects.filter(
        user__username="bureau.admin", kind="incident.reported", url__contains=str(incident.pk)
    ).exists()
    # The school sees it is not read yet; the police liaison opening it reads nothing.
    url = f"/schools/{org('s01').pk}/emergencies/incidents/{incident.pk}/"
    assert "data-unread" in login("s01.officer").get(url).content.decode()
    login("police.liaison").get(url)
    report.refresh_from_db()
    assert report.read_at is None
    # The bureau opening the report is its read receipt.
    login("bureau.inspector").get(url)
    report.refresh_from_db()
    assert report.read_by == person("bureau.inspector")
    assert "data-read" in login("s01.officer").get(url).content.decode()


def test_an_unread_report_escalates_once_after_the_set_time(org, person):
    incident = _incident(org, person)
    report = incident.reports.get()
    assert incidents.escalate_unread(report.sent_at + timedelta(minutes=29)) == []
    escalated = incidents.escalate_unread(report.sent_at + timedelta(minutes=31))
    assert [r.pk for r in escalated] == [report.pk]
    assert Notification.objects.filter(
        user__username="bureau.admin", kind="incident.escalated"
    ).exists()
    assert incidents.escalate_unread(report.sent_at + timedelta(hours=2)) == []
    read = _incident(org, person)
    incidents.mark_read(incident=read, actor=person("bureau.admin"))
    assert incidents.escalate_unread(timezone.now() + timedelta(hours=2)) == []
    assert IncidentReport.objects.get(incident=read).escalated_at is None


def test_the_review_turns_measures_into_hazards_and_reassessments(org, person):
    incident = _incident(org, person)
    point = RiskPoint.objects.filter(school=org("s01"), needs_reassessment=False).first()
    review = incidents.review(
        incident=incident,
        actor=person("s01.officer"),
        causes="供货商资质过期",
        gaps="留样记录不全",
        hazard_measures=[("更换供货商并核验资质", "食堂", "food")],
        risk_measures=[("食材采购环节", point)],
    )
    hazard_measure, risk_measure = review.measures.order_by("pk")
    assert risk_measure.risk_point == point
    hazard = Hazard.objects.get(pk=hazard_measure.hazard_id)
    assert hazard.school == org("s01")
    assert hazard.description == "更换供货商并核验资质"
    assert hazard.origin_url == f"/schools/{org('s01').pk}/emergencies/incidents/{incident.pk}/"
    point.refresh_from_db()
    assert point.needs_reassessment
    assert "食材采购环节" in point.reassessment_reason
    with pytest.raises(DomainError):
        incidents.review(
            incident=incident, actor=person("s01.officer"), causes="x", gaps="y",
            hazard_measures=[("z", "食堂", "food")],
        )  # fmt: skip


def test_a_review_without_measures_changes_nothing(org, person):
    incident = _incident(org, person)
    hazards = Hazard.objects.count()
    with pytest.raises(DomainError):
        incidents.review(incident=incident, actor=person("s01.officer"), causes="a", gaps="b")
    assert Hazard.objects.count() == hazards
    assert not hasattr(Incident.objects.get(pk=incident.pk), "review")


def test_only_the_school_records_incidents(org, person):
    with pytest.raises(PermissionRefused):
        incidents.record_incident(
            actor=person("bureau.admin"), school=org("s01"), kind="fire",
            occurred_at=timezone.now(), place="x", description="y",
        )  # fmt: skip


def _planned(org, person, day):
    return drills.plan_drill(
        actor=person("s01.officer"),
        school=org("s01"),
        kind="fire",
        planned_on=day,
        scenario="三楼化学实验室起火",
        classes=drills.parse_classes("三年级1班 45\n三年级2班 44"),
    )


def test_a_drill_records_head_counts_and_its_problems_become_hazards(org, person, login):
    day = timezone.localdate() - timedelta(days=1)
    drill = _planned(org, person, day)
    start = timezone.make_aware(datetime.combine(day, time(10, 0)))
    hazards = Hazard.objects.filter(school=org("s01")).count()
    drill = drills.record_run(
        actor=person("s01.officer"),
        drill=drill,
        started_at=start,
        alarm_at=start + timedelta(minutes=1),
        evacuated_at=start + timedelta(minutes=4),
        counts={"三年级1班": (45, ""), "三年级2班": (43, "张同学请假未到")},
        problems="东侧楼梯拥堵\n应急灯不亮",
        problem_place="教学楼",
    )
    assert drill.status == DrillStatus.DONE
    assert drill.evacuation_time == timedelta(minutes=3)
    assert [(c.label, c.missing) for c in drill.classes.all()] == [
        ("三年级1班", 0),
        ("三年级2班", 1),
    ]
    assert Hazard.objects.filter(school=org("s01")).count() == hazards + 2
    assert sorted(p.hazard.description for p in drill.problem_rows.select_related("hazard")) == [
        "东侧楼梯拥堵",
        "应急灯不亮",
    ]
    page = login("s01.teacher").get(f"/schools/{org('s01').pk}/emergencies/drills/{drill.pk}/")
    assert "张同学请假未到" in page.content.decode()


def test_a_bad_drill_record_changes_nothing(org, person):
    day = timezone.localdate() - timedelta(days=1)
    drill = _planned(org, person, day)
    start = timezone.make_aware(datetime.combine(day, time(10, 0)))
    cases = [
        {"alarm_at": start - timedelta(minutes=1)},  # alarm before the start
        {"counts": {"三年级1班": (46, ""), "三年级2班": (44, "")}},  # more than expected
        {"counts": {"三年级1班": (45, "")}},  # a class without a count
        {"started_at": start - timedelta(days=1)},  # not on the planned date
    ]
    for case in cases:
        data = {
            "started_at": start,
            "alarm_at": start + timedelta(minutes=1),
            "evacuated_at": start + timedelta(minutes=4),
            "counts": {"三年级1班": (45, ""), "三年级2班": (44, "")},
            "problems": "楼梯拥堵",
            **case,
        }
        with pytest.raises(DomainError):
            drills.record_run(actor=person("s01.officer"), drill=drill, **data)
    drill = Drill.objects.get(pk=drill.pk)
    assert drill.status == DrillStatus.PLANNED
    assert not drill.problem_rows.exists()
    assert all(c.present is None for c in drill.classes.all())


def test_class_lines_are_checked(org, person):
    with pytest.raises(DomainError):
        drills.parse_classes("三年级1班")
    with pytest.raises(DomainError):
        drills.parse_classes("一班 40\n一班 41")
    assert drills.parse_classes("  初一(3)班 50 \n\n") == [("初一(3)班", 50)]


def test_a_bus_evacuation_drill_counts_with_the_schools_drills(org, person):
    from safecampus.core import metrics

    school = org("s01")
    day = timezone.localdate() - timedelta(days=1)
    period = metrics.Period(day, day)
    schools = type(school).objects.filter(pk=school.pk)
    before = metrics.METRICS["drills.held"].compute(schools, period).get(school.pk, 0)
    drill = drills.plan_drill(
        actor=person("s01.officer"),
        school=school,
        kind="bus",
        planned_on=day,
        scenario="校车途中起火，学生从应急门撤离",
        classes=drills.parse_classes("1号线校车 38"),
    )
    start = timezone.make_aware(datetime.combine(day, time(16, 0)))
    drills.record_run(
        actor=person("s01.officer"),
        drill=drill,
        started_at=start,
        alarm_at=start,
        evacuated_at=start + timedelta(minutes=1),
        counts={"1号线校车": (38, "")},
        problems="",
        problem_place="",
    )
    assert metrics.METRICS["drills.held"].compute(schools, period)[school.pk] == before + 1
