"""The ledger's figures per school, for the bureau (core.metrics).

Snapshots (open, overdue, major open) are read from the tally the services keep, as the bureau
overview reads them; figures of a period read the hazard table through its (school,
reported_at) index, one GROUP BY for all schools.
"""

from datetime import timedelta

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import (
    Breakdown,
    Metric,
    grouped_by,
    grouped_by_month,
    grouped_count,
    grouped_rate,
    org_link,
)
from safecampus.core.reporting import SummaryPart, Table
from safecampus.core.roles import Cap
from safecampus.core.rollups import Daily
from safecampus.hazards.models import OPEN_STATUSES, Category, Grade, Hazard, HazardTally, Status
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


def _found_rows(schools):
    return Hazard.objects.filter(school__in=schools.values("pk")).exclude(status__in=NOT_COUNTED)


def _found(schools, period):
    start, end = period.bounds
    return _found_rows(schools).filter(reported_at__gte=start, reported_at__lt=end)


def found(schools, period):
    return grouped_count(_found(schools, period))


def found_by_month(schools, period):
    return grouped_by_month(_found(schools, period), "reported_at")


def _closed_rows(schools):
    return Hazard.objects.filter(school__in=schools.values("pk"), status=Status.CLOSED)


def _closed(schools, period):
    start, end = period.bounds
    return _closed_rows(schools).filter(closed_at__gte=start, closed_at__lt=end)


def closed(schools, period):
    return grouped_count(_closed(schools, period))


def closed_by_month(schools, period):
    return grouped_by_month(_closed(schools, period), "closed_at")


def by_category(schools, period):
    return grouped_by(_found(schools, period), "category")


def closure_rate(schools, period):
    """Of the hazards found in the period, the share closed by now."""
    return grouped_rate(_found(schools, period), Q(status=Status.CLOSED))


def open_now(schools, _period):
    return _tally(schools, status__in=OPEN_STATUSES)


def overdue_now(schools, _period):
    return _tally(schools, status=Status.RECTIFYING, deadline__lt=today())


def major_open(schools, _period):
    return _tally(schools, status__in=OPEN_STATUSES, major=True)


def supervised_due_soon(schools, _period):
    """Open hazards under the bureau's supervision whose supervision deadline falls within the
    next 7 days (or has passed): the few rows of the partial index on supervised open ones."""
    return grouped_count(
        Hazard.objects.filter(
            school__in=schools.values("pk"),
            supervised=True,
            status__in=OPEN_STATUSES,
            supervision_deadline__lte=today() + timedelta(days=7),
        )
    )


# The figures of a period over a million hazards: daily roll-ups (core.rollups).
FOUND = Daily(_found_rows, "reported_at")
CLOSED = Daily(_closed_rows, "closed_at")
CLOSURE = Daily(_found_rows, "reported_at", done=Q(status=Status.CLOSED))
CATEGORY = Daily(_found_rows, "reported_at", bucket="category")

GROUP = _("Hazards")
# The bureau's overview across its schools; a school's own ledger.
LIST = org_link("hazards:overview", "hazards:ledger")
OVERDUE = org_link("hazards:overview#overdue-list", "hazards:ledger")
SUPERVISED = org_link("hazards:overview#supervised-list", "hazards:ledger")

METRICS = [
    Metric(
        "hazards.found",
        _("Hazards found"),
        found,
        Cap.HAZARD_VIEW,
        group=GROUP,
        link=LIST,
        monthly=found_by_month,
        daily=FOUND,
    ),
    Metric(
        "hazards.closed",
        _("Hazards closed"),
        closed,
        Cap.HAZARD_VIEW,
        better="higher",
        group=GROUP,
        link=LIST,
        monthly=closed_by_month,
        daily=CLOSED,
    ),
    Metric(
        "hazards.closure_rate",
        _("Found in the period and closed"),
        closure_rate,
        Cap.HAZARD_VIEW,
        unit="percent",
        better="higher",
        group=GROUP,
        link=LIST,
        daily=CLOSURE,
    ),
    Metric(
        "hazards.open",
        _("Open hazards"),
        open_now,
        Cap.HAZARD_VIEW,
        per_period=False,
        group=GROUP,
        link=LIST,
    ),
    Metric(
        "hazards.overdue",
        _("Overdue hazards"),
        overdue_now,
        Cap.HAZARD_VIEW,
        per_period=False,
        group=GROUP,
        link=OVERDUE,
    ),
    Metric(
        "hazards.major_open",
        _("Open major hazards"),
        major_open,
        Cap.HAZARD_VIEW,
        per_period=False,
        group=GROUP,
        link=LIST,
    ),
    Metric(
        "hazards.supervised_due_soon",
        _("Supervised hazards due within 7 days"),
        supervised_due_soon,
        Cap.HAZARD_VIEW,
        per_period=False,
        group=GROUP,
        link=SUPERVISED,
    ),
]

BREAKDOWNS = [
    Breakdown(
        "hazards.by_category",
        _("Hazards found by category"),
        by_category,
        Cap.HAZARD_VIEW,
        labels=lambda: Category.choices,
        daily=CATEGORY,
    ),
]


def open_major_table(school, _period):
    """The major hazards still open when the summary is written: the first of its main
    problems, each with its place and deadline."""
    rows = (
        Hazard.objects.filter(school=school, grade=Grade.MAJOR, status__in=OPEN_STATUSES)
        .select_related("zone")
        .order_by("deadline", "pk")[:50]
    )
    return [
        Table(
            _("Major hazards still open"),
            (_("Tracking code"), _("Place"), _("Description"), _("Deadline")),
            [(h.tracking_code, h.where, h.description[:120], h.deadline or "—") for h in rows],
        )
    ]


PARTS = [
    SummaryPart(
        "hazards",
        "daily",
        _("Hazards found and put right"),
        Cap.HAZARD_VIEW,
        order=10,
        metrics=(
            "hazards.found",
            "hazards.closed",
            "hazards.closure_rate",
            "hazards.open",
            "hazards.overdue",
        ),
        breakdowns=("hazards.by_category",),
        trend=("hazards.found", "hazards.closed"),
    ),
    SummaryPart(
        "hazards.major",
        "problems",
        _("Major hazards"),
        Cap.HAZARD_VIEW,
        order=10,
        metrics=("hazards.major_open", "hazards.supervised_due_soon"),
        details=open_major_table,
    ),
]
