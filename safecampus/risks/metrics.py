"""Risk points per school, for the bureau (core.metrics): snapshots of the register as it is."""

from django.db.models import Q
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_count
from safecampus.core.roles import Cap
from safecampus.risks.levels import Level
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


GROUP = _("Risks")

METRICS = [
    Metric("risks.major", _("Major risk points"), major, Cap.RISK_VIEW, per_period=False,
           group=GROUP),
    Metric("risks.significant", _("Significant risk points"), significant, Cap.RISK_VIEW,
           per_period=False, group=GROUP),
    Metric("risks.reassessment_due", _("Risk points due for re-assessment"), reassessment_due,
           Cap.RISK_VIEW, per_period=False, group=GROUP),
]  # fmt: skip
