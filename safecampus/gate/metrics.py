"""The gate per school, for the bureau (core.metrics)."""

from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_count, org_link
from safecampus.core.reporting import SummaryPart
from safecampus.core.roles import Cap
from safecampus.gate.models import Visit


def watchlist_hits(schools, period):
    start, end = period.bounds
    return grouped_count(
        Visit.objects.filter(
            school__in=schools.values("pk"),
            watchlist_entry__isnull=False,
            created_at__gte=start,
            created_at__lt=end,
        )
    )


def visitors(schools, period):
    start, end = period.bounds
    return grouped_count(
        Visit.objects.filter(
            school__in=schools.values("pk"), checked_in_at__gte=start, checked_in_at__lt=end
        )
    )


GROUP = _("Gate")
# Only the bureau and the police read these figures: a school's visitor log is not theirs.
LIST = org_link("gate:overview", None)

METRICS = [
    Metric("gate.visitors", _("Visitors let in"), visitors, Cap.GATE_OVERSIGHT, group=GROUP,
           link=LIST),
    Metric("gate.watchlist_hits", _("Visitors held at the watchlist"), watchlist_hits,
           Cap.GATE_OVERSIGHT, group=GROUP, link=LIST),
]  # fmt: skip

PARTS = [
    SummaryPart(
        "gate",
        "daily",
        _("Gate"),
        (Cap.GATE_VIEW, Cap.GATE_OVERSIGHT),
        order=40,
        metrics=("gate.visitors", "gate.watchlist_hits"),
    ),
]
