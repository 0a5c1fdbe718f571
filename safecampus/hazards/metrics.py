"""The ledger's figures per school, for the bureau (core.metrics).

Snapshots (open, overdue, major open) are read from the tally the services keep, as the bureau
overview reads them; figures of a period read the hazard table through its (school,
reported_at) index, one GROUP BY for all schools.
"""

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_count, grouped_rate
from safecampus.core.roles import Cap
from safecampus.hazards.models import OPEN_STATUSES, Hazard, HazardTally, Status
from safecampus.hazards.services import today

NOT_COUNTED = [Status.REJECTED, Status.MERGED]


def _tally(schools, **condition):
    rows = (
        HazardTally.objects.filter(school__in=schools.values("pk"), **condition)
        .order_by()
        .values("school")
        .annotate(n=Sum("n"))
    )
    return {row["school"]: row["n"] for row in rows}


def _found(schools, period):
    start, end = period.bounds
    return Hazard.objects.filter(
        school__in=schools.values("pk"), reported_at__gte=start, reported_at__lt=end
    ).exclude(status__in=NOT_COUNTED)


def found(schools, period):
    return grouped_count(_found(schools, period))


def closed(schools, period):
    start, end = period.bounds
    return grouped_count(
        Hazard.objects.filter(
            school__in=schools.values("pk"),
            status=Status.CLOSED,
            closed_at__gte=start,
            closed_at__lt=end,
        )
    )


def closure_rate(schools, period):
    """Of the hazards found in the period, the share closed by now."""
    return grouped_rate(_found(schools, period), Q(status=Status.CLOSED))


def open_now(schools, _period):
    return _tally(schools, status__in=OPEN_STATUSES)


def overdue_now(schools, _period):
    return _tally(schools, status=Status.RECTIFYING, deadline__lt=today())


def major_open(schools, _period):
    return _tally(schools, status__in=OPEN_STATUSES, major=True)


GROUP = _("Hazards")

METRICS = [
    Metric("hazards.found", _("Hazards found"), found, Cap.HAZARD_VIEW, group=GROUP),
    Metric(
        "hazards.closed", _("Hazards closed"), closed, Cap.HAZARD_VIEW, better="higher", group=GROUP
    ),
    Metric(
        "hazards.closure_rate",
        _("Found in the period and closed"),
        closure_rate,
        Cap.HAZARD_VIEW,
        unit="percent",
        better="higher",
        group=GROUP,
    ),
    Metric(
        "hazards.open", _("Open hazards"), open_now, Cap.HAZARD_VIEW, per_period=False, group=GROUP
    ),
    Metric(
        "hazards.overdue",
        _("Overdue hazards"),
        overdue_now,
        Cap.HAZARD_VIEW,
        per_period=False,
        group=GROUP,
    ),
    Metric(
        "hazards.major_open",
        _("Open major hazards"),
        major_open,
        Cap.HAZARD_VIEW,
        per_period=False,
        group=GROUP,
    ),
]
