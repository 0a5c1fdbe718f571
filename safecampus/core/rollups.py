"""Daily roll-ups for the metrics that opt in (core.metrics): a metric, or a breakdown, about a
period names its rows with `Daily`, and its figures are then read from one row per school and
day (`MetricDay`) for the days the roll-up covers, plus the rows themselves for the days after.

Why a nightly rebuild and not a tally kept by the services: these figures are about past days
whose rows still change (a hazard found in March and rejected in May leaves March's count; a
closure rate rises as old hazards close), and they belong to many modules: a rebuild is one
GROUP BY per metric, and a module opts in with one argument. The price is freshness: past days
are as of the last rebuild (`freshness`, shown on the pages), today is always live.

One query per figure, as without a roll-up: the roll-up's rows and the live rows are read in
one UNION, and how far the roll-up goes is read inside it (`MetricRollup`), so a rebuild that
commits between two queries never counts a day twice or not at all.
"""

import time as clock
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, DateTimeField, F, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Least, TruncDate, TruncMonth
from django.utils import timezone

from safecampus.core.models import MetricDay, MetricRollup, Org

# Before any row: the bound of the live part when a metric has no roll-up yet.
EARLIEST = date(1970, 1, 1)


@dataclass(frozen=True)
class Daily:
    """What a metric counts, day by day: `rows(schools)` → the queryset of its rows for those
    schools on any day (the metric's own filters, no period); `day`, the date or datetime field
    that places a row on a day; `school`, the path to the row's school. A rate sets `done` (the
    share of rows matching it); a breakdown sets `bucket` (its category field)."""

    rows: object
    day: str
    school: str = "school"
    done: Q | None = None
    bucket: str = ""

    def is_datetime(self, queryset):
        model = queryset.model
        field = model._meta.get_field(self.day.split("__")[0])
        return isinstance(field, DateTimeField)


def _midnight(day):
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _state(key, column):
    return Subquery(MetricRollup.objects.filter(metric=key).values(column)[:1])


def _live(key, daily, schools, start, end):
    """The rows of the days after the roll-up (all of them without one) from `start` to `end`
    (dates, both included), today at the latest."""
    end = min(end, timezone.localdate())
    rows = daily.rows(schools)
    if start > end:
        return rows.none()
    if daily.is_datetime(rows):
        after = Coalesce(_state(key, "live_from"), Value(_midnight(EARLIEST)))
        return rows.filter(
            **{
                f"{daily.day}__gte": _midnight(start),
                f"{daily.day}__lt": _midnight(end + timedelta(days=1)),
            }
        ).filter(**{f"{daily.day}__gte": after})
    after = Coalesce(_state(key, "until"), Value(EARLIEST))
    return rows.filter(**{f"{daily.day}__gte": start, f"{daily.day}__lte": end}).filter(
        **{f"{daily.day}__gt": after}
    )


def _whole_months(start, end):
    """The first and last day of the whole calendar months inside [start, end], or None."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    following = end + timedelta(days=1)
    last = end if following.day == 1 else end.replace(day=1) - timedelta(days=1)
    return (first, last) if first <= last else None


def _rolled(key, schools, start, end):
    """The roll-up's rows from `start` to `end`, no further than it goes (none without one):
    querysets of the rows of whole months and of the other days, each one index range."""
    mine = MetricDay.objects.filter(metric=key, school__in=schools.values("pk"))
    days = mine.filter(grain="d", day__lte=end).filter(day__lte=_state(key, "until"))
    window = _whole_months(start, end)
    if window is None:
        return [days.filter(day__gte=start)]
    first, last = window
    months_until = _state(key, "months_until")
    months = mine.filter(grain="m", day__gte=first, day__lte=last).filter(day__lte=months_until)
    # The days before the whole months, and those after the last month with a row of its own.
    before = days.filter(day__gte=start, day__lt=first)
    after = days.filter(day__gte=first).filter(day__gt=Least(Value(last), months_until))
    return [months, before, after]


def _counts(daily):
    done = Count("pk", filter=daily.done) if daily.done is not None else Count("pk")
    return {"rn": done, "rt": Count("pk")}


def per_school(key, daily, schools, period):
    """{school id: (n, total)} over the period: one query."""
    rolled = [
        part.order_by()
        .values("school")
        .annotate(rn=Sum("n"), rt=Sum("total"))
        .values_list("school", "rn", "rt")
        for part in _rolled(key, schools, period.start, period.end)
    ]
    live = (
        _live(key, daily, schools, period.start, period.end)
        .order_by()
        .annotate(rs=F(daily.school))
        .values("rs")
        .annotate(**_counts(daily))
        .values_list("rs", "rn", "rt")
    )
    found = {}
    for school, n, total in rolled[0].union(*rolled[1:], live, all=True):
        before = found.get(school, (0, 0))
        found[school] = (before[0] + n, before[1] + total)
    return found


def _by_school(daily, split):
    """The live rows' school as `rs`, when the figures are split by school."""
    return {"rs": F(daily.school)} if split else {}


def by_month(key, daily, schools, period, split=False):
    """{first day of a month: n} over the schools: one query. With `split`, each school's:
    {(school id, first day of a month): n}, still one query."""
    rolled_by, live_by = (["school"], ["rs"]) if split else ([], [])
    rolled = [
        part.order_by()
        .annotate(rd=TruncMonth("day"))
        .values(*rolled_by, "rd")
        .annotate(rn=Sum("n"))
        .values_list(*rolled_by, "rd", "rn")
        for part in _rolled(key, schools, period.start, period.end)
    ]
    # Live rows are a day or so: grouped by day, folded into months here.
    live = _live(key, daily, schools, period.start, period.end)
    live = (
        live.order_by()
        .annotate(
            **_by_school(daily, split),
            rd=TruncDate(daily.day) if daily.is_datetime(live) else F(daily.day),
        )
        .values(*live_by, "rd")
        .annotate(rn=_counts(daily)["rn"])
        .values_list(*live_by, "rd", "rn")
    )
    found = {}
    for *school, day, n in rolled[0].union(*rolled[1:], live, all=True):
        # PostgreSQL truncates to a timestamp: the month is its date.
        month = (day.date() if isinstance(day, datetime) else day).replace(day=1)
        at = (school[0], month) if split else month
        found[at] = found.get(at, 0) + n
    return found


def by_bucket(key, daily, schools, period, split=False):
    """{category: n} over the schools: one query. With `split`, each school's:
    {(school id, category): n}, still one query."""
    rolled_by, live_by = (["school"], ["rs"]) if split else ([], [])
    rolled = [
        part.order_by()
        .values(*rolled_by, "bucket")
        .annotate(rn=Sum("n"))
        .values_list(*rolled_by, "bucket", "rn")
        for part in _rolled(key, schools, period.start, period.end)
    ]
    live = (
        _live(key, daily, schools, period.start, period.end)
        .order_by()
        .annotate(**_by_school(daily, split), rb=F(daily.bucket))
        .values(*live_by, "rb")
        .annotate(rn=_counts(daily)["rn"])
        .values_list(*live_by, "rb", "rn")
    )
    found = {}
    for *school, bucket, n in rolled[0].union(*rolled[1:], live, all=True):
        at = (school[0], bucket) if split else bucket
        found[at] = found.get(at, 0) + n
    return found


def rebuild(items, until=None):
    """Rebuild the roll-up of each (key, Daily) of `items` up to `until` (yesterday by
    default), every day from the first: one INSERT … SELECT per item, each in a transaction
    with its state. Returns {key: rows written}."""
    until = until or timezone.localdate() - timedelta(days=1)
    written = {}
    for key, daily in items:
        started = clock.perf_counter()
        rows = daily.rows(Org.objects.schools())
        if daily.is_datetime(rows):
            rows = rows.filter(**{f"{daily.day}__lt": _midnight(until + timedelta(days=1))})
            day = TruncDate(daily.day)
        else:
            rows = rows.filter(**{f"{daily.day}__lte": until})
            day = F(daily.day)
        bucket = F(daily.bucket) if daily.bucket else Value("")
        grouped = (
            rows.order_by()
            .annotate(rs=F(daily.school), rd=day, rb=bucket)
            .values("rs", "rd", "rb")
            .annotate(**_counts(daily))
        )
        following = until + timedelta(days=1)
        months_until = until if following.day == 1 else until.replace(day=1) - timedelta(days=1)
        months = (
            MetricDay.objects.filter(metric=key, grain="d", day__lte=months_until)
            .order_by()
            .annotate(rs=F("school"), rd=TruncMonth("day"), rb=F("bucket"))
            .values("rs", "rd", "rb")
            .annotate(rn=Sum("n"), rt=Sum("total"))
        )
        table = connection.ops.quote_name(MetricDay._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            MetricDay.objects.filter(metric=key).delete()
            # The days, then the whole months summed from them.
            for grain, query in (("d", grouped), ("m", months)):
                sql, params = query.query.sql_with_params()
                cursor.execute(
                    f"INSERT INTO {table} (metric, grain, school_id, day, bucket, n, total) "
                    f"SELECT %s, %s, g.rs, g.rd, g.rb, g.rn, g.rt FROM ({sql}) g",
                    [key, grain, *params],
                )
                written[key] = written.get(key, 0) + cursor.rowcount
            MetricRollup.objects.update_or_create(
                metric=key,
                defaults={
                    "until": until,
                    "months_until": months_until,
                    "live_from": _midnight(following),
                    "rebuilt_at": timezone.now(),
                    "seconds": clock.perf_counter() - started,
                },
            )
    return written


def freshness(keys):
    """When the roll-ups of these metrics were last rebuilt: the oldest, or None when one has
    none (its figures are then all live)."""
    found = dict(MetricRollup.objects.filter(metric__in=keys).values_list("metric", "rebuilt_at"))
    if not keys or any(key not in found for key in keys):
        return None
    return min(found.values())
