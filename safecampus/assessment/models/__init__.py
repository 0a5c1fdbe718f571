"""The assessment app's rows: the cockpit's ranking weights, assessment schemes (their versions,
areas, indicators, veto items and grade bands) and assessment rounds (the schools' sheets, their
entries, vetoes and appeals). Django and the migrations import every model from here."""

from safecampus.assessment.models.cockpit import CockpitFigures, CockpitWeight
from safecampus.assessment.models.rounds import (
    Appeal,
    AppealStatus,
    Entry,
    Round,
    RoundSchool,
    RoundStatus,
    Veto,
)
from safecampus.assessment.models.schemes import (
    Area,
    GradeBand,
    Indicator,
    Rule,
    Scheme,
    SchemeVersion,
    VetoItem,
)

__all__ = [
    "Appeal",
    "AppealStatus",
    "Area",
    "CockpitFigures",
    "CockpitWeight",
    "Entry",
    "GradeBand",
    "Indicator",
    "Round",
    "RoundSchool",
    "RoundStatus",
    "Rule",
    "Scheme",
    "SchemeVersion",
    "Veto",
    "VetoItem",
]
