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

A metric about a period may opt in to a daily roll-up (`daily=Daily(...)`, core.rollups): its
figures are then read from one row per school and day, rebuilt nightly, plus today's rows
live; `compute` stays the fresh count the roll-up is tested against.
"""

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from safecampus.core import rollups
from safecampus.core.access import capabilities
from safecampus.core.rollups import Daily


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
    # Where the figure's list is: a URL name taking the org's id, or link(org) → URL (a
    # bureau's list across its schools, or the school's own page when the org is a school).
    link: object = None
    # Optional: monthly(schools, period) → {first day of a month: total over the schools}, in
    # one query (GROUP BY month); without it a trend costs one query per month.
    monthly: Callable | None = None
    # Optional: the rows counted, day by day, for a daily roll-up (core.rollups).
    daily: Daily | None = None

    def __post_init__(self):
        if self.unit not in ("count", "percent") or self.better not in ("lower", "higher"):
            raise ImproperlyConfigured(f"metric {self.key}: unknown unit or direction")
        if self.empty is None and self.unit == "count":
            object.__setattr__(self, "empty", 0)
        if self.daily is not None and not self.per_period:
            raise ImproperlyConfigured(f"metric {self.key}: a snapshot has no days to roll up")
        if self.daily is not None and (self.unit == "percent") != (self.daily.done is not None):
            raise ImproperlyConfigured(f"metric {self.key}: a rate's roll-up names what is done")

    def figures(self, schools, period):
        """{school id: value}: from the roll-up and today's rows when the metric has one, else
        `compute`."""
        if self.daily is None:
            return self.compute(schools, period)
        found = rollups.per_school(self.key, self.daily, schools, period)
        if self.unit == "percent":
            return {pk: percent(n, total) for pk, (n, total) in found.items()}
        return {pk: n for pk, (n, _total) in found.items()}

    def by_month(self, schools, period):
        """{first day of a month: total over the schools}, or None when neither the roll-up
        nor `monthly` gives it in one query."""
        if self.daily is not None:
            return rollups.by_month(self.key, self.daily, schools, period)
        if self.monthly is not None:
            return self.monthly(schools, period)
        return None

    def by_school_month(self, schools, period):
        """{(school id, first day of a month): n} in one query, or None without a roll-up."""
        if self.daily is None:
            return None
        return rollups.by_month(self.key, self.daily, schools, period, split=True)


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
    found = metric.figures(schools, period)
    return {pk: found.get(pk, metric.empty) for pk in schools.values_list("pk", flat=True)}


def table(keys, schools, period):
    """Several metrics for every school: {key: {school id: value}}; one query per metric plus
    one for the schools' ids."""
    ids = list(schools.values_list("pk", flat=True))
    result = {}
    for key in keys:
        metric = METRICS[key]
        found = metric.figures(schools, period)
        result[key] = {pk: found.get(pk, metric.empty) for pk in ids}
    return result


def link(metric, org):
    """The URL of the metric's list for `org`, or None when the metric names none."""
    if metric.link is None:
        return None
    if callable(metric.link):
        return metric.link(org)
    return reverse(metric.link, args=[org.pk])


def org_link(bureau, school):
    """A metric's `link`: the bureau's page named `bureau` for a bureau node, the school's page
    named `school` for a school (None: a school has no page of it); either name takes the
    org's id. A fragment (`#overdue`) may follow either name."""

    def resolve(org):
        chosen = school if org.is_school else bureau
        if chosen is None:
            return None
        name, _sep, fragment = chosen.partition("#")
        url = reverse(name, args=[org.pk])
        return f"{url}#{fragment}" if fragment else url

    return resolve


def months(last, count):
    """The `count` calendar months ending with the one holding `last`, oldest first."""
    first = last.replace(day=1)
    found = []
    for _n in range(count):
        found.append(Period.month(first))
        first = (first - timedelta(days=1)).replace(day=1)
    return found[::-1]


def trend(key, schools, periods):
    """A count metric summed over the schools for each month of `periods` (from `months`):
    [(period, total)], one query when the metric has a roll-up or `monthly`, else one per
    month."""
    metric = METRICS[key]
    if metric.unit != "count":
        raise ImproperlyConfigured(f"metric {key}: a trend sums counts, not rates")
    found = metric.by_month(schools, Period(periods[0].start, periods[-1].end))
    if found is not None:
        return [(period, found.get(period.start, 0)) for period in periods]
    return [(period, sum(metric.figures(schools, period).values())) for period in periods]


def grouped_by_month(queryset, field):
    """{first day of a month: rows} of a queryset already narrowed to the schools and the
    period, by the month (in the server's time zone) of the date or datetime `field`."""
    rows = (
        queryset.order_by()
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
    )
    found = {}
    for row in rows:
        month = row["month"]
        day = month.date() if isinstance(month, datetime) else month
        found[day] = found.get(day, 0) + row["n"]
    return found


def median(numbers):
    """The median of the figures that are not None, or None when there is none."""
    present = sorted(n for n in numbers if n is not None)
    if not present:
        return None
    middle = len(present) // 2
    if len(present) % 2:
        return present[middle]
    between = (present[middle - 1] + present[middle]) / 2
    # Two whole counts whose mean is whole read as a count (3, not 3.0).
    return (
        int(between)
        if between == int(between) and isinstance(present[0], int)
        else round(between, 1)
    )


@dataclass(frozen=True)
class Breakdown:
    """A count over all the schools of a queryset split by a category (hazards by kind, risk
    points by level): `compute(schools, period)` → {category value: n} in one GROUP BY;
    `labels` names the categories, in the order they are shown."""

    key: str
    label: str
    compute: Callable
    cap: str
    labels: Callable  # () → [(value, label)]
    per_period: bool = True
    colours: dict = field(default_factory=dict)
    # Optional: a daily roll-up (core.rollups) whose `bucket` is the category.
    daily: Daily | None = None

    def __post_init__(self):
        if self.daily is not None and not (self.per_period and self.daily.bucket):
            raise ImproperlyConfigured(f"breakdown {self.key}: a roll-up by day and category")

    def figures(self, schools, period):
        if self.daily is None:
            return self.compute(schools, period)
        return rollups.by_bucket(self.key, self.daily, schools, period)

    def by_school(self, schools, period):
        """{(school id, category): n} in one query, or None without a roll-up."""
        if self.daily is None:
            return None
        return rollups.by_bucket(self.key, self.daily, schools, period, split=True)


BREAKDOWNS: dict[str, Breakdown] = {}


def register_breakdowns(breakdowns):
    for breakdown in breakdowns:
        known = BREAKDOWNS.get(breakdown.key)
        if known is not None and known.compute is not breakdown.compute:
            raise ImproperlyConfigured(f"two breakdowns are named {breakdown.key}")
        BREAKDOWNS[breakdown.key] = breakdown


def breakdown(key, schools, period):
    """[(value, label, n)] of one breakdown, every category listed (0 where none)."""
    item = BREAKDOWNS[key]
    found = item.figures(schools, period)
    return [(value, label, found.get(value, 0)) for value, label in item.labels()]


def grouped_by(queryset, category):
    """{category value: rows} of a queryset already narrowed to the schools and the period."""
    rows = queryset.order_by().values(category).annotate(n=Count("pk"))
    return {row[category]: row["n"] for row in rows}


def rolled_up():
    """(key, Daily) of every metric and breakdown with a roll-up, for `rollups.rebuild`."""
    items = [*METRICS.values(), *BREAKDOWNS.values()]
    return [(item.key, item.daily) for item in items if item.daily is not None]


def rebuild_rollups(until=None):
    return rollups.rebuild(rolled_up(), until)


def freshness(keys):
    """When the roll-ups behind these metrics were rebuilt (the oldest), or None when none of
    them has a roll-up; a metric without one is live."""
    rolled = [key for key in keys if key in dict(rolled_up())]
    return rollups.freshness(rolled) if rolled else None


def visible(user, org):
    """The metrics this person may read at `org`, in the order they were registered."""
    caps = capabilities(user, org)
    if user.is_superuser:
        return list(METRICS.values())
    return [metric for metric in METRICS.values() if metric.cap in caps]


def visible_breakdowns(user, org):
    caps = capabilities(user, org)
    return [b for b in BREAKDOWNS.values() if user.is_superuser or b.cap in caps]


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
