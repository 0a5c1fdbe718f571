"""The emergency workflows as tables: (state, action) → (next state, who may act).

The services consult only these tables for whether a move is possible; the checks of each step
(a note given, times in order) stay in the services. The 1-3-5 stages of an alarm are facts
recorded once each (self-rescue, mutual rescue, reinforcement), not states: the alarm table says
when they may be recorded, and how they were met is computed (Alarm.stages).
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow
from safecampus.emergencies.models import AlarmStatus, DrillStatus, PlanActivation, Review

# The raiser may cancel their own alarm (a pocket press); anyone else needs alarm.manage.
RAISER_OR_MANAGER = "the raiser, or alarm.manage"
ON_SITE = (Cap.ALARM_RAISE, Cap.ALARM_RESPOND)

_ALARM = {
    (AlarmStatus.ACTIVE, "respond"): (AlarmStatus.ACTIVE, Cap.ALARM_RESPOND),
    (AlarmStatus.ACTIVE, "self_rescue"): (AlarmStatus.ACTIVE, ON_SITE),
    (AlarmStatus.ACTIVE, "reinforcement"): (AlarmStatus.ACTIVE, Cap.ALARM_RESPOND),
    (AlarmStatus.ACTIVE, "activate_plan"): (AlarmStatus.ACTIVE, Cap.ALARM_RESPOND),
    (AlarmStatus.ACTIVE, "resolve"): (AlarmStatus.RESOLVED, Cap.ALARM_MANAGE),
    (AlarmStatus.ACTIVE, "cancel"): (AlarmStatus.CANCELLED, RAISER_OR_MANAGER),
}
# Seeing the alarm, and ticking what was done, may be recorded after it is closed too.
for _status in AlarmStatus:
    _ALARM[(_status, "acknowledge")] = (_status, Cap.ALARM_RESPOND)
    _ALARM[(_status, "check_step")] = (_status, ON_SITE)

# The one-key alarm: active until resolved, or cancelled as a false alarm (kept, never deleted).
ALARM = Workflow(
    _ALARM,
    states=AlarmStatus,
    refused=gettext_lazy("This alarm is already closed."),
)


class PlanUse(StrEnum):
    """A plan's steps are its own until an alarm activates it; then checklists point at them."""

    UNUSED = "unused"
    USED = "used"


def plan_use(plan):
    return PlanUse.USED if plan.pk and plan.activations.exists() else PlanUse.UNUSED


PLAN = Workflow(
    {
        (PlanUse.UNUSED, "edit_steps"): (PlanUse.UNUSED, Cap.PLAN_MANAGE),
        (PlanUse.UNUSED, "activate"): (PlanUse.USED, Cap.ALARM_RESPOND),
        (PlanUse.USED, "activate"): (PlanUse.USED, Cap.ALARM_RESPOND),
    },
    states=PlanUse,
    refused=gettext_lazy(
        "This plan was used in an alarm: its steps stay as they were. Make a new plan."
    ),
    state=plan_use,
)


class AlarmPlan(StrEnum):
    """One plan is put to work per alarm."""

    NONE = "none"
    ACTIVE = "active"


def alarm_plan(alarm):
    return (
        AlarmPlan.ACTIVE if PlanActivation.objects.filter(alarm=alarm).exists() else AlarmPlan.NONE
    )


ALARM_PLAN = Workflow(
    {(AlarmPlan.NONE, "activate_plan"): (AlarmPlan.ACTIVE, Cap.ALARM_RESPOND)},
    states=AlarmPlan,
    refused=gettext_lazy("A plan is already active for this alarm."),
    state=alarm_plan,
)

DRILL = Workflow(
    {
        (DrillStatus.PLANNED, "record_run"): (DrillStatus.DONE, Cap.DRILL_MANAGE),
        # The evacuation starts: the classes' roll opens (students.roster), the drill stays
        # planned until its run is recorded.
        (DrillStatus.PLANNED, "start_roll"): (DrillStatus.PLANNED, Cap.DRILL_MANAGE),
        # The summary and feedback may be rewritten after the run.
        (DrillStatus.DONE, "summarise"): (DrillStatus.DONE, Cap.DRILL_MANAGE),
    },
    states=DrillStatus,
    refused={
        "record_run": gettext_lazy("This drill was already recorded."),
        "start_roll": gettext_lazy("This drill was already recorded."),
        "summarise": gettext_lazy("Record how the drill went first."),
    },
)


class IncidentStage(StrEnum):
    OPEN = "open"
    REVIEWED = "reviewed"


def incident_stage(incident):
    reviewed = Review.objects.filter(incident=incident).exists()
    return IncidentStage.REVIEWED if reviewed else IncidentStage.OPEN


# An incident is followed up as long as needed and reviewed once (研判).
INCIDENT = Workflow(
    {
        (IncidentStage.OPEN, "follow_up"): (IncidentStage.OPEN, Cap.INCIDENT_MANAGE),
        (IncidentStage.REVIEWED, "follow_up"): (IncidentStage.REVIEWED, Cap.INCIDENT_MANAGE),
        (IncidentStage.OPEN, "review"): (IncidentStage.REVIEWED, Cap.INCIDENT_MANAGE),
    },
    states=IncidentStage,
    refused=gettext_lazy("This incident was already reviewed."),
    state=incident_stage,
)


class ReportState(StrEnum):
    """An incident's report to a bureau: sent, escalated once if unread in time, read."""

    SENT = "sent"
    ESCALATED = "escalated"
    READ = "read"


def report_state(report):
    if report.read_at:
        return ReportState.READ
    return ReportState.ESCALATED if report.escalated_at else ReportState.SENT


# Reading and escalating are not refused: they apply to the reports the table allows and leave
# the others as they are (a second reader, a late escalation tick).
INCIDENT_REPORT = Workflow(
    {
        (ReportState.SENT, "read"): (ReportState.READ, Cap.INCIDENT_RECEIVE),
        (ReportState.ESCALATED, "read"): (ReportState.READ, Cap.INCIDENT_RECEIVE),
        (ReportState.SENT, "escalate"): (ReportState.ESCALATED, "the scheduler"),
    },
    states=ReportState,
    refused={
        "read": gettext_lazy("This incident report was already read."),
        "escalate": gettext_lazy("This incident report was already read or escalated."),
    },
    state=report_state,
)
