"""Emergencies: one-key alarms and their 1-3-5 timeline, plans, incidents, drills.

One module per concept; every model is importable from here, as Django and the migrations
expect. The chat robots alarms and incidents are posted to are a channel of core's
notifications."""

from safecampus.emergencies.models.alarms import (
    STAGE_LIMITS,
    Alarm,
    AlarmDevice,
    AlarmResponse,
    AlarmStatus,
    ResponderState,
    Stage,
    StageState,
)
from safecampus.emergencies.models.drills import Drill, DrillClass, DrillProblem, DrillStatus
from safecampus.emergencies.models.incidents import (
    FollowUp,
    Incident,
    IncidentReport,
    Measure,
    Review,
)
from safecampus.emergencies.models.kinds import PLAN_FOR_ALARM, AlarmKind, EmergencyKind
from safecampus.emergencies.models.plans import (
    EmergencyPlan,
    PlanActivation,
    PlanRole,
    PlanStep,
    StepCheck,
)
from safecampus.emergencies.models.rules import BroadcastRule, DrillPeriod, EmergencyRuleSet

__all__ = [
    "PLAN_FOR_ALARM",
    "STAGE_LIMITS",
    "Alarm",
    "AlarmDevice",
    "AlarmKind",
    "AlarmResponse",
    "AlarmStatus",
    "BroadcastRule",
    "Drill",
    "DrillClass",
    "DrillPeriod",
    "DrillProblem",
    "DrillStatus",
    "EmergencyKind",
    "EmergencyPlan",
    "EmergencyRuleSet",
    "FollowUp",
    "Incident",
    "IncidentReport",
    "Measure",
    "PlanActivation",
    "PlanRole",
    "PlanStep",
    "ResponderState",
    "Review",
    "Stage",
    "StageState",
    "StepCheck",
]
