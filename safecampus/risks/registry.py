"""What the risks app adds to the kernel: scopes, audit labels, and the dual prevention link."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_breakdowns, register_metrics
from safecampus.core.reporting import register_parts, register_report
from safecampus.core.roles import Cap
from safecampus.hazards.hooks import CONFIRM_HOOKS, Reassessment, register_reassessment
from safecampus.hazards.models import Category
from safecampus.risks import exports, metrics, report
from safecampus.risks.models import (
    AccidentType,
    CampusPlan,
    RiskAssessment,
    RiskPoint,
    RiskRuleSet,
    ZoneShape,
)
from safecampus.risks.services import flag_for_reassessment

register_scope(RiskPoint, "school")
register_scope(RiskAssessment, "risk_point__school")
register_scope(RiskRuleSet, "org")
register_scope(CampusPlan, "school")
register_scope(ZoneShape, "zone__school")
register_metrics(metrics.METRICS)
register_parts(metrics.PARTS)
register_breakdowns(metrics.BREAKDOWNS)

register_labels(
    {
        "risk.create": gettext_lazy("Risk point added"),
        "risk.update": gettext_lazy("Risk point edited"),
        "risk.assess": gettext_lazy("Risk assessed"),
        "risk.flag": gettext_lazy("Risk point flagged for re-assessment"),
        "risk.plan": gettext_lazy("Campus plan uploaded"),
        "risk.shape": gettext_lazy("Zone outline drawn"),
        "risk.rules": gettext_lazy("Risk grading rules changed"),
    }
)

# Which accidents a hazard of each category could lead to: a confirmed hazard in a zone flags
# the zone's risk points that expect one of these accidents.
CATEGORY_ACCIDENTS = {
    Category.FIRE: {AccidentType.FIRE},
    Category.ELECTRICAL: {AccidentType.ELECTRIC_SHOCK, AccidentType.FIRE},
    Category.STRUCTURE: {
        AccidentType.COLLAPSE,
        AccidentType.FALLING_OBJECT,
        AccidentType.FALL_FROM_HEIGHT,
    },
    Category.FOOD: {AccidentType.FOOD_POISONING},
    Category.TRAFFIC: {AccidentType.VEHICLE},
    Category.WATER: {AccidentType.DROWNING},
    Category.LABORATORY: {AccidentType.POISONING, AccidentType.FIRE, AccidentType.SCALDING},
    Category.SPECIAL_EQUIPMENT: {AccidentType.MECHANICAL, AccidentType.FALL_FROM_HEIGHT},
    Category.PUBLIC_SECURITY: {AccidentType.VIOLENCE, AccidentType.CROWD_CRUSH},
    Category.SURROUNDINGS: {AccidentType.VEHICLE, AccidentType.VIOLENCE},
    Category.NETWORK: set(),
    Category.OTHER: set(),
}


def flag_risk_points(*, hazard, actor):
    if hazard.zone_id is None:
        return
    expected = {str(a) for a in CATEGORY_ACCIDENTS.get(hazard.category, set())}
    for point in RiskPoint.objects.filter(school=hazard.school, zone=hazard.zone):
        if expected & set(point.accident_types):
            flag_for_reassessment(
                point=point,
                actor=actor,
                reason=_("Hazard #%(id)s was confirmed here") % {"id": hazard.pk},
            )


CONFIRM_HOOKS.append(flag_risk_points)


def school_points(school):
    return RiskPoint.objects.filter(school=school).order_by("name", "pk")


# An incident review's measures send risk points back for re-assessment through the ledger's hook.
register_reassessment(Reassessment(points=school_points, flag=flag_for_reassessment))

# Its demo files hazards of its own: after the ledger's demo, which skips a school that has any.
register_demo("risks", "safecampus.risks.demo.load_demo_risks", after=["hazards"])

# The risk assessment report, written by the reports app's worker (core.reporting).
register_report(report.RISK_REPORT)

register_ledgers(
    [
        Ledger(
            "risks",
            exports.SHEET_TITLE,
            Cap.RISK_VIEW,
            lambda: exports.COLUMNS,
            tuple(exports.WIDTHS),
            exports.KINDS,
            exports.term_rows,
            order=20,
        )
    ]
)
