from safecampus.transport.models.buses import BusRoute, Driver, Rider, Stop, Vehicle
from safecampus.transport.models.departments import (
    DepartmentKind,
    DepartmentMember,
    OutsideDepartment,
)
from safecampus.transport.models.outings import (
    Outing,
    OutingKind,
    OutingMark,
    OutingRules,
    OutingStatus,
)
from safecampus.transport.models.rules import BusRules
from safecampus.transport.models.surroundings import (
    JointInspection,
    Measure,
    Outcome,
    ProblemStatus,
    ProblemType,
    SurroundingsProblem,
    SurroundingsRules,
)
from safecampus.transport.models.traffic import CrossingPost, TrafficPlan, VolunteerShift
from safecampus.transport.models.trips import Direction, MarkKind, Trip, TripMark, TripStatus

__all__ = [
    "BusRoute",
    "BusRules",
    "CrossingPost",
    "DepartmentKind",
    "DepartmentMember",
    "Direction",
    "Driver",
    "JointInspection",
    "MarkKind",
    "Measure",
    "Outcome",
    "Outing",
    "OutingKind",
    "OutingMark",
    "OutingRules",
    "OutingStatus",
    "OutsideDepartment",
    "ProblemStatus",
    "ProblemType",
    "Rider",
    "Stop",
    "SurroundingsProblem",
    "SurroundingsRules",
    "TrafficPlan",
    "Trip",
    "TripMark",
    "TripStatus",
    "Vehicle",
    "VolunteerShift",
]
