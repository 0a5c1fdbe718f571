"""Risk points per school, for the bureau (core.metrics): snapshots of the register as it is."""

from django.db.models import Q
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Breakdown, Metric, grouped_by, grouped_count, org_link
from safecampus.core.reporting import SummaryPart
from safecampus.core.roles import Cap
from safecampus.risks.levels import DEFAULT_COLOURS, ORDER, Level
from safecampus.risks.models import RiskPoint


def _points(schools):
    return RiskPoint.objects.filter(school__in=schools.values("pk"))


def major(schools, _period):
    return grouped_count(_points(schools).filter(level=Level.MAJOR))


def significant(schools, _period):
    return grouped_count(_points(schools).filter(level=Level.SIGNIFICANT))


def reassessment_due(schools, _period):
    """Points past their review day, or sent back for re-assessment (an incident, a hazard)."""
    return grouped_count(
        _points(schools).filter(Q(review_due__lt=localdate()) | Q(needs_reassessment=True))
    )


def by_level(schools, _period):
    return grouped_by(_points(schools), "level")


GROUP = _("Risks")
LIST = org_link("risks:overview", "risks:list")
REVIEW = org_link("risks:overview", "risks:review")

METRICS = [
    Metric("risks.major", _("Major risk points"), major, Cap.RISK_VIEW, per_period=False,
           group=GROUP, link=LIST),
    Metric("risks.significant", _("Significant risk points"), significant, Cap.RISK_VIEW,
           per_period=False, group=GROUP, link=LIST),
    Metric("risks.reassessment_due", _("Risk points due for re-assessment"), reassessment_due,
           Cap.RISK_VIEW, per_period=False, group=GROUP, link=REVIEW),
]  # fmt: skip

BREAKDOWNS = [
    Breakdown("risks.by_level", _("Risk points by level"), by_level, Cap.RISK_VIEW,
              labels=lambda: [(level.value, level.label) for level in reversed(ORDER)],
              per_period=False, colours={k.value: v for k, v in DEFAULT_COLOURS.items()}),
]  # fmt: skip

PARTS = [
    SummaryPart(
        "risks",
        "evaluation",
        _("Risk points"),
        Cap.RISK_VIEW,
        metrics=("risks.major", "risks.significant", "risks.reassessment_due"),
        breakdowns=("risks.by_level",),
    ),
]
