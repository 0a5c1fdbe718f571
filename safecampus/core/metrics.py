"""Per-school figures every module provides: what a bureau's cockpit, a school's profile and the
annual assessment read.

A module lists its metrics in its `metrics.py` and registers them from its `registry.py`
(`register_metrics(metrics.METRICS)`); each metric
computes its figure for every school of a queryset in one query (GROUP BY school), never in a
loop over schools, and names the capability a person needs to see it. Modules built later add
theirs the same way, and the pages that show metrics never import a module.

A metric is either about a period (hazards found in March: `per_period=True`) or a snapshot of
now (hazards open today: the period is ignored). A rate is a percentage with one decimal, or
None where there is nothing to divide by (a school with no checks due has no completion rate,
which is not the same as 0 %).
"""

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from safecampus.core.access import capabilities


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @classmethod
    def week(cls, day):
        """The ISO week (Monday to Sunday) holding `day`."""
        monday = day - timedelta(days=day.weekday())
        return cls(monday, monday + timedelta(days=6))

    @classmethod
    def month(cls, day):
        return cls(day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1]))

    @classmethod
    def year(cls, year):
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def bounds(self):
        """The period as aware datetimes [from, to) in the server's time zone, for a
        DateTimeField filter that an index on the field can answer."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=zone)
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return start, end

    def until_today(self):
        """The part of the period that has happened (a figure of what was due so far)."""
        today = timezone.localdate()
        return Period(self.start, min(self.end, today)) if self.start <= today else None


@dataclass(frozen=True)
class Metric:
    """`compute(schools, period)` → {school id: value} for the schools of the queryset that
    have a figure; the others get `empty` (0 for a count, None for a rate)."""

    key: str
    label: str
    compute: Callable
    cap: str
    unit: str = "count"  # count | percent
    # Which way is good: "lower" (overdue hazards) or "higher" (completion).
    better: str = "lower"
    per_period: bool = True
    group: str = ""
    source: str = ""
    empty: object = field(default=None)

    def __post_init__(self):
        if self.unit not in ("count", "percent") or self.better not in ("lower", "higher"):
            raise ImproperlyConfigured(f"metric {self.key}: unknown unit or direction")
        if self.empty is None and self.unit == "count":
            object.__setattr__(self, "empty", 0)


METRICS: dict[str, Metric] = {}


def register_metrics(metrics):
    """Add a module's metrics (its `metrics.METRICS`), from its registry.py."""
    for metric in metrics:
        known = METRICS.get(metric.key)
        if known is not None and known.compute is not metric.compute:
            raise ImproperlyConfigured(f"two metrics are named {metric.key}")
        METRICS[metric.key] = metric


def get(key):
    return METRICS[key]


def values(key, schools, period):
    """One metric for every school of the queryset: {school id: value}."""
    metric = METRICS[key]
    found = metric.compute(schools, period)
    return {pk: found.get(pk, metric.empty) for pk in schools.values_list("pk", flat=True)}


def table(keys, schools, period):
    """Several metrics for every school: {key: {school id: value}}; one query per metric plus
    one for the schools' ids."""
    ids = list(schools.values_list("pk", flat=True))
    result = {}
    for key in keys:
        metric = METRICS[key]
        found = metric.compute(schools, period)
        result[key] = {pk: found.get(pk, metric.empty) for pk in ids}
    return result


def visible(user, org):
    """The metrics this person may read at `org`, in the order they were registered."""
    caps = capabilities(user, org)
    if user.is_superuser:
        return list(METRICS.values())
    return [metric for metric in METRICS.values() if metric.cap in caps]


def percent(part, whole):
    """`part` of `whole` as a percentage with one decimal; None when `whole` is 0."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def grouped_count(queryset, school_field="school"):
    """{school id: rows} of a queryset already narrowed to the schools and the period."""
    rows = queryset.order_by().values(school_field).annotate(n=Count("pk"))
    return {row[school_field]: row["n"] for row in rows}


def grouped_rate(queryset, done, school_field="school"):
    """{school id: percentage of the rows matching the Q `done`}, in one query."""
    rows = (
        queryset.order_by()
        .values(school_field)
        .annotate(total=Count("pk"), done=Count("pk", filter=done))
    )
    return {row[school_field]: percent(row["done"], row["total"]) for row in rows}
