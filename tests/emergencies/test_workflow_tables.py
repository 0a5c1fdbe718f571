"""The emergency workflow tables hold: every move a table lists succeeds and lands where it
says; every other is refused with the table's message and changes nothing
(tests/workflows.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.core.models import AuditEvent, Notification
from safecampus.emergencies.models import (
    Alarm,
    AlarmKind,
    AlarmResponse,
    AlarmStatus,
    Drill,
    EmergencyKind,
    EmergencyPlan,
    FollowUp,
    Incident,
    IncidentReport,
    PlanActivation,
    PlanStep,
    Review,
    StepCheck,
)
from safecampus.emergencies.services import alarms, drills, incidents, plans
from safecampus.emergencies.workflow import (
    ALARM,
    ALARM_PLAN,
    DRILL,
    INCIDENT,
    INCIDENT_REPORT,
    PLAN,
    AlarmPlan,
    IncidentStage,
    PlanUse,
    ReportState,
)
from safecampus.hazards.models import Category
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db

NOTES = st.sampled_from(["已疏散学生", "  保安已到场  ", "完成率50%，%(place)s", "note"])
ROLES = "# 门卫\n关闭校门\n报警"


def _trace(*querysets):
    return (
        [list(qs.order_by("pk").values()) for qs in querysets],
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _alarm(school, raiser, status=AlarmStatus.ACTIVE):
    closed = status != AlarmStatus.ACTIVE
    return Alarm.objects.create(
        school=school,
        kind=AlarmKind.FIRE,
        place="食堂",
        raised_by=raiser,
        status=status,
        closed_at=timezone.now() if closed else None,
        closed_by=raiser if closed else None,
    )


def _plan(school, officer):
    return plans.save_plan(
        actor=officer, school=school, kind=EmergencyKind.FIRE, title="火灾预案", roles=ROLES
    )


@every_move(ALARM, note=(NOTES, "已疏散学生"))
def test_alarms_follow_their_table(state, action, note, org, person):
    school, officer = org("s01"), person("s01.officer")
    plan = _plan(school, officer)

    def make(status):
        alarm = _alarm(school, officer, status)
        if action == "check_step":
            PlanActivation.objects.create(alarm=alarm, plan=plan, activated_by=officer)
        return alarm

    def check_step(alarm):
        step = PlanStep.objects.filter(role__plan=plan).first()
        alarms.check_step(activation=alarm.activation, step_id=step.pk, actor=officer)

    services = {
        "acknowledge": lambda a: alarms.acknowledge(alarm=a, actor=officer),
        "respond": lambda a: alarms.respond(alarm=a, actor=officer, arrived=True),
        "self_rescue": lambda a: alarms.record_self_rescue(alarm=a, actor=officer, note=note),
        "reinforcement": lambda a: alarms.record_reinforcement(alarm=a, actor=officer, note=note),
        "activate_plan": lambda a: alarms.activate_plan(alarm=a, actor=officer, plan=plan),
        "resolve": lambda a: alarms.close(alarm=a, actor=officer, note=note),
        "cancel": lambda a: alarms.close(alarm=a, actor=officer, note=note, false_alarm=True),
        "check_step": check_step,
    }
    check_move(
        ALARM,
        state,
        action,
        make=make,
        act=lambda alarm, action: services[action](alarm),
        trace=lambda alarm: _trace(
            Alarm.objects.filter(pk=alarm.pk),
            AlarmResponse.objects.filter(alarm=alarm),
            PlanActivation.objects.filter(alarm=alarm),
            StepCheck.objects.filter(activation__alarm=alarm),
        ),
    )


@every_move(ALARM_PLAN)
def test_one_plan_is_put_to_work_per_alarm(state, action, org, person):
    school, officer = org("s01"), person("s01.officer")
    plan = _plan(school, officer)

    def make(state):
        alarm = _alarm(school, officer)
        if state == AlarmPlan.ACTIVE:
            PlanActivation.objects.create(alarm=alarm, plan=plan, activated_by=officer)
        return alarm

    check_move(
        ALARM_PLAN,
        state,
        action,
        make=make,
        act=lambda alarm, _action: alarms.activate_plan(alarm=alarm, actor=officer, plan=plan),
        trace=lambda alarm: _trace(PlanActivation.objects.filter(alarm=alarm)),
    )


@every_move(PLAN)
def test_a_plans_steps_are_kept_once_it_was_used(state, action, org, person):
    school, officer = org("s01"), person("s01.officer")

    def make(state):
        plan = _plan(school, officer)
        if state == PlanUse.USED:
            PlanActivation.objects.create(
                alarm=_alarm(school, officer, AlarmStatus.RESOLVED), plan=plan
            )
        return plan

    def edit_steps(plan):
        plans.save_plan(
            actor=officer,
            school=school,
            kind=plan.kind,
            title=plan.title,
            roles=ROLES + "\n# 班主任\n清点人数",
            plan=plan,
        )

    services = {
        "edit_steps": edit_steps,
        "activate": lambda p: alarms.activate_plan(
            alarm=_alarm(school, officer), actor=officer, plan=p
        ),
    }
    check_move(
        PLAN,
        state,
        action,
        make=make,
        act=lambda plan, action: services[action](plan),
        trace=lambda plan: _trace(
            EmergencyPlan.objects.filter(pk=plan.pk),
            PlanStep.objects.filter(role__plan=plan),
            PlanActivation.objects.filter(plan=plan),
        ),
    )


@every_move(DRILL, summary=(NOTES, "疏散有序"))
def test_drills_follow_their_table(state, action, summary, org, person):
    school, officer = org("s01"), person("s01.officer")
    started = timezone.now() - timedelta(minutes=30)

    def make(status):
        return Drill.objects.create(
            school=school,
            kind=EmergencyKind.FIRE,
            planned_on=timezone.localdate(started),
            scenario="食堂起火",
            status=status,
            created_by=officer,
        )

    services = {
        "record_run": lambda d: drills.record_run(
            actor=officer,
            drill=d,
            started_at=started,
            alarm_at=started + timedelta(minutes=1),
            evacuated_at=started + timedelta(minutes=4),
            counts={},
        ),
        "summarise": lambda d: drills.summarise(actor=officer, drill=d, summary=summary),
        "start_roll": lambda d: drills.start_roll(actor=officer, drill=d, now=started),
    }
    check_move(
        DRILL,
        state,
        action,
        make=make,
        act=lambda drill, action: services[action](drill),
        trace=lambda drill: _trace(Drill.objects.filter(pk=drill.pk)),
    )


def _incident(school, officer):
    return Incident.objects.create(
        school=school,
        kind=EmergencyKind.OTHER,
        occurred_at=timezone.now(),
        place="操场",
        description="学生摔伤",
        recorded_by=officer,
    )


@every_move(INCIDENT, text=(NOTES, "已送医"))
def test_incidents_follow_their_table(state, action, text, org, person):
    school, officer = org("s01"), person("s01.officer")

    def make(stage):
        incident = _incident(school, officer)
        if stage == IncidentStage.REVIEWED:
            Review.objects.create(
                incident=incident, causes="地滑", gaps="无防滑垫", reviewed_by=officer
            )
        return incident

    services = {
        "follow_up": lambda i: incidents.add_follow_up(incident=i, actor=officer, text=text),
        "review": lambda i: incidents.review(
            incident=i,
            actor=officer,
            causes="地滑",
            gaps=text,
            hazard_measures=[("铺防滑垫", "操场", Category.OTHER)],
        ),
    }
    check_move(
        INCIDENT,
        state,
        action,
        make=make,
        act=lambda incident, action: services[action](incident),
        trace=lambda incident: _trace(
            Incident.objects.filter(pk=incident.pk),
            FollowUp.objects.filter(incident=incident),
            Review.objects.filter(incident=incident),
        ),
    )


def test_a_report_is_read_once_and_escalated_only_while_unread(org, person):
    """Reading and escalating apply where the table allows and leave other reports alone."""
    school, officer = org("s01"), person("s01.officer")
    reader = person("bureau.inspector")
    incident = _incident(school, officer)
    long_ago = timezone.now() - timedelta(days=1)
    report = IncidentReport.objects.create(
        incident=incident, bureau=incidents.receiving_bureau(school), sent_at=long_ago
    )
    assert INCIDENT_REPORT.state(report) == ReportState.SENT
    incidents.escalate_unread(timezone.now())
    report.refresh_from_db()
    assert INCIDENT_REPORT.state(report) == ReportState.ESCALATED
    escalated_at = report.escalated_at
    incidents.escalate_unread(timezone.now())
    incidents.mark_read(incident=incident, actor=reader)
    report.refresh_from_db()
    assert INCIDENT_REPORT.state(report) == ReportState.READ
    assert report.escalated_at == escalated_at
    row = IncidentReport.objects.filter(pk=report.pk).values().get()
    audit = AuditEvent.objects.count()
    incidents.mark_read(incident=incident, actor=person("bureau.admin"))
    incidents.escalate_unread(timezone.now())
    assert IncidentReport.objects.filter(pk=report.pk).values().get() == row
    assert AuditEvent.objects.count() == audit
