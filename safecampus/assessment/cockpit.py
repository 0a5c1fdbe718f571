"""The cockpit's figures, read from the metrics registry only (core.metrics): never by
importing another module. Every figure costs one query per metric (or per metric and month for
a trend without a monthly query), whatever the number of schools.

A bureau's cockpit: the figures that need action (totals over its schools and how many schools),
trends by month, distributions, and the ranking of its schools by the weighted composite. A
school's cockpit: its own figures against the median of its district's schools.

Over a thousand schools those queries cost more than a page may (docs/performance.md), so a
periodic task takes a snapshot of every figure (`take_snapshot`, every SNAPSHOT_EVERY): a
bureau's cockpit and a school's profile then read a few rows of `CockpitFigures`, and the page
says when they were taken. Without a snapshot of today (a new install, a stopped worker) the
figures are computed live, as before.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safecampus.assessment.models import CockpitFigures, CockpitWeight
from safecampus.core import metrics
from safecampus.core.access import capabilities
from safecampus.core.metrics import Period
from safecampus.core.models import Org, OrgKind

# The figures that need action, in the order shown; "week" counts this ISO week so far, "now"
# is a snapshot. A tile whose metric is not registered or not visible is left out.
TILES = [
    ("hazards.overdue", "now"),
    ("hazards.major_open", "now"),
    ("hazards.supervised_due_soon", "now"),
    ("patrols.missed", "week"),
    ("checks.missed", "week"),
    ("alarms.active", "now"),
]
# Counts summed over the schools, month by month.
TRENDS = ["hazards.found", "hazards.closed", "checks.missed", "patrols.missed"]
TREND_MONTHS = 12
RANKING_PAGE = 25
# How often the snapshot is taken (the periodic task's interval, shown on the pages).
SNAPSHOT_EVERY = timedelta(minutes=10)


def schools_of(org):
    """The schools a cockpit covers: those under a bureau, or the school itself."""
    return Org.objects.schools().under(org)


def district_of(school):
    """The district (or, lacking one, the parent bureau) whose median a school is held
    against: one query."""
    above = list(Org.objects.filter(pk__in=school.ancestor_ids()[:-1]).order_by("-depth"))
    for org in above:
        if org.kind == OrgKind.DISTRICT:
            return org
    return above[0] if above else school


def _readable(user, org, keys):
    caps = capabilities(user, org)
    return [
        metrics.METRICS[key]
        for key in keys
        if key in metrics.METRICS and (user.is_superuser or metrics.METRICS[key].cap in caps)
    ]


@dataclass
class Tile:
    key: str
    label: str
    total: int
    schools: int
    url: str | None
    week: bool


def _tile_figures(keys, schools, week):
    """{key: (total over the schools, how many schools have any)}."""
    figures = metrics.table(keys, schools, week)
    return {
        key: (sum(per_school.values()), sum(1 for value in per_school.values() if value))
        for key, per_school in figures.items()
    }


def tiles(user, org, schools=None, snap=None):
    schools = schools if schools is not None else schools_of(org)
    readable = _readable(user, org, [key for key, _when in TILES])
    figures = snap.stored("tiles") if snap is not None else {}
    missing = [m.key for m in readable if m.key not in figures]
    if missing:
        week = Period.week(timezone.localdate())
        figures = {**figures, **_tile_figures(missing, schools, week)}
    found = []
    for metric in readable:
        when = dict(TILES)[metric.key]
        total, count = figures[metric.key]
        found.append(
            Tile(
                key=metric.key,
                label=str(metric.label),
                total=total,
                schools=count,
                url=metrics.link(metric, org),
                week=when == "week",
            )
        )
    return found


def _trend_series(keys, schools, periods):
    return {key: [n for _p, n in metrics.trend(key, schools, periods)] for key in keys}


def trends(user, org, schools=None, snap=None):
    """{"months": ["2026-01", ...], "series": [{key, label, data: [...]}]}."""
    schools = schools if schools is not None else schools_of(org)
    periods = metrics.months(timezone.localdate(), TREND_MONTHS)
    readable = _readable(user, org, TRENDS)
    data = snap.stored("trends") if snap is not None else {}
    missing = [m.key for m in readable if m.key not in data]
    if missing:
        data = {**data, **_trend_series(missing, schools, periods)}
    series = [
        {"key": metric.key, "label": str(metric.label), "data": data[metric.key]}
        for metric in readable
    ]
    return {"months": [p.start.strftime("%Y-%m") for p in periods], "series": series}


def distributions(user, org, schools=None, snap=None):
    """The breakdowns the person may read: hazards of this year by category, risk points by
    level (a snapshot)."""
    schools = schools if schools is not None else schools_of(org)
    year = Period.year(timezone.localdate().year)
    stored = snap.stored("breakdowns") if snap is not None else {}
    found = []
    for item in metrics.visible_breakdowns(user, org):
        if item.key in stored:
            counted = dict(map(tuple, stored[item.key]))
            rows = [(value, label, counted.get(value, 0)) for value, label in item.labels()]
        else:
            rows = metrics.breakdown(item.key, schools, year)
        found.append(
            {
                "key": item.key,
                "label": str(item.label),
                "rows": [
                    {"value": v, "label": str(label), "n": n, "colour": item.colours.get(v)}
                    for v, label, n in rows
                ],
                "total": sum(n for _v, _label, n in rows),
                "this_year": item.per_period,
            }
        )
    return found


def freshness():
    """When the daily roll-ups behind the figures of past days were rebuilt (today's figures
    are live), or None when none is built yet: one query."""
    return metrics.freshness([key for key, _daily in metrics.rolled_up()])


# The ranking ---------------------------------------------------------------------------------


def weights_for(org):
    """(the org whose weights apply, or None for the defaults; {metric key: weight}): the
    nearest node at or above `org` with weights of its own. One query."""
    ids = org.ancestor_ids()
    rows = CockpitWeight.objects.filter(Q(org_id__in=ids) | Q(org__isnull=True)).values_list(
        "org_id", "metric", "weight"
    )
    by_owner = {}
    for owner, key, weight in rows:
        by_owner.setdefault(owner, {})[key] = weight
    for owner in [*reversed(ids), None]:
        if owner in by_owner:
            return owner, by_owner[owner]
    return None, {}


def normalised(per_school, better):
    """Each school's figure on 0–100 across the schools, 100 the best; a school without a
    figure (a rate with nothing due) has none. Equal figures are all 100."""
    present = [v for v in per_school.values() if v is not None]
    if not present:
        return dict.fromkeys(per_school)
    low, high = min(present), max(present)
    result = {}
    for pk, value in per_school.items():
        if value is None:
            result[pk] = None
        elif high == low:
            result[pk] = 100.0
        elif better == "higher":
            result[pk] = 100 * (value - low) / (high - low)
        else:
            result[pk] = 100 * (high - value) / (high - low)
    return result


@dataclass
class Ranked:
    rank: int
    school_id: int
    name: str
    score: float | None
    figures: dict  # {metric key: raw figure}


def ranking(user, org, weights=None, schools=None, snap=None):
    """Every school of the org with its score, best first: score = Σ weight × figure
    normalised to 0–100 across the schools / Σ weight of the figures the school has, rounded
    to one decimal. A school with no figure at all has no score and comes last.

    Returns (ranked schools, the weighted metrics in use, {key: weight})."""
    schools = schools if schools is not None else schools_of(org)
    weights = weights if weights is not None else weights_for(org)[1]
    used = [m for m in _readable(user, org, list(weights)) if weights[m.key] > 0]
    keys = [m.key for m in used]
    names = list(schools.order_by("name", "pk").values_list("pk", "name"))
    if snap is not None and all(key in snap.month for key in keys):
        figures = {
            m.key: {pk: snap.month[m.key].get(pk, m.empty) for pk, _name in names} for m in used
        }
    else:
        figures = metrics.table(keys, schools, Period.month(timezone.localdate()))
    # Summed metric by metric: a thousand schools cost a loop per metric, not a dict each.
    ids = [pk for pk, _name in names]
    total, weight_sum = dict.fromkeys(ids, 0), dict.fromkeys(ids, 0)
    for metric in used:
        weight = weights[metric.key]
        for pk, value in normalised(figures[metric.key], metric.better).items():
            if value is not None:
                total[pk] += weight * value
                weight_sum[pk] += weight
    scored = [
        (pk, name, round(total[pk] / weight_sum[pk], 1) if weight_sum[pk] else None)
        for pk, name in names
    ]
    scored.sort(key=lambda row: (row[2] is None, -(row[2] or 0)))
    ranked = [
        Ranked(
            rank=n,
            school_id=pk,
            name=name,
            score=score,
            figures={m.key: figures[m.key][pk] for m in used},
        )
        for n, (pk, name, score) in enumerate(scored, start=1)
    ]
    return ranked, used, {m.key: weights[m.key] for m in used}


# A school's figures against the median -------------------------------------------------------


@dataclass
class ProfileRow:
    key: str
    group: str
    label: str
    unit: str
    better: str
    per_period: bool
    month: object
    month_median: object
    year: object
    year_median: object
    url: str | None


def profile(user, org, school, node):
    """Every metric the person may read at `org`, for `school`, this month and this year,
    beside the median of the schools of `node` (a bureau node above `school`, or the school).
    From today's snapshot: one query; else two queries per metric about a period, one per
    snapshot, and two for the schools' ids. Returns (rows, when the snapshot read was taken or
    None when the figures are live)."""
    readable = metrics.visible(user, org)
    keys = [m.key for m in readable]
    found = _profile_snapshot(school, node, keys)
    if found is None:
        found = (*_profile_live(school, schools_of(node), readable), None)
    own_month, own_year, median_month, median_year, taken_at = found
    rows = []
    for metric in readable:
        rows.append(
            ProfileRow(
                key=metric.key,
                group=str(metric.group),
                label=str(metric.label),
                unit=metric.unit,
                better=metric.better,
                per_period=metric.per_period,
                month=own_month.get(metric.key, metric.empty),
                month_median=median_month.get(metric.key),
                year=own_year.get(metric.key, own_month.get(metric.key, metric.empty)),
                year_median=median_year.get(metric.key, median_month.get(metric.key)),
                url=metrics.link(metric, school),
            )
        )
    return rows, taken_at


def _profile_live(school, peers, readable):
    """(the school's figures this month, this year, the peers' medians this month, this
    year), each {key: value}; a snapshot metric has no year of its own."""
    today = timezone.localdate()
    by_month = metrics.table([m.key for m in readable], peers, Period.month(today))
    by_year = metrics.table(
        [m.key for m in readable if m.per_period], peers, Period.year(today.year)
    )
    return (
        {key: per_school.get(school.pk) for key, per_school in by_month.items()},
        {key: per_school.get(school.pk) for key, per_school in by_year.items()},
        {key: metrics.median(per_school.values()) for key, per_school in by_month.items()},
        {key: metrics.median(per_school.values()) for key, per_school in by_year.items()},
    )


def _profile_snapshot(school, node, keys):
    """The same from today's snapshot (the school's own row, the node's medians), or None when
    either is missing or lacks one of `keys`."""
    rows = CockpitFigures.objects.filter(day=timezone.localdate()).filter(
        Q(org=school, part="own") | Q(org=node, part="summary")
    )
    parts = {part: (data, at) for part, data, at in rows.values_list("part", "data", "taken_at")}
    if "own" not in parts or "summary" not in parts:
        return None
    own, median = parts["own"][0], parts["summary"][0]["median"]
    if not all(key in own["month"] and key in median["month"] for key in keys):
        return None
    taken_at = min(parts["own"][1], parts["summary"][1])
    return own["month"], own["year"], median["month"], median["year"], taken_at


# The snapshot --------------------------------------------------------------------------------


class Snapshot:
    """An org's figures of today as the periodic task took them: `summary` (a bureau node's
    tiles, trends, breakdowns and medians; a school's own figures, tiles, and the trends and
    breakdowns that have a daily roll-up) and `month` ({key: {school id: figure this month}},
    for the keys asked for)."""

    def __init__(self, taken_at, summary, month):
        self.taken_at = taken_at
        self.summary = summary
        self.month = month

    def stored(self, part):
        """{key: figures} of a part; a key missing (a metric registered since, or a school's
        trend without a roll-up) is computed live by the caller."""
        return self.summary.get(part, {})


def snapshot(org, month_keys=()):
    """`org`'s snapshot of today with the month figures of `month_keys`, or None: one query."""
    rows = CockpitFigures.objects.filter(org=org, day=timezone.localdate()).filter(
        Q(part__in=["summary", "own"]) | Q(part="month", key__in=list(month_keys))
    )
    summary, month, taken_at = None, {}, None
    for part, key, data, at in rows.values_list("part", "key", "data", "taken_at"):
        if part == "month":
            month[key] = dict(map(tuple, data))
        else:
            summary, taken_at = data, at
    return Snapshot(taken_at, summary, month) if summary is not None else None


def _plain(value):
    """A figure as JSON holds it (a Decimal sum as a float)."""
    return float(value) if isinstance(value, Decimal) else value


def take_snapshot():
    """Every figure of every school this week, month and year, and for each bureau node its
    tiles, trends, breakdowns and medians, written at once in place of the last snapshot.
    One query per metric for all the schools, then per node one per trend and breakdown.
    Returns the number of rows written."""
    taken_at, today = timezone.now(), timezone.localdate()
    week, month, year = Period.week(today), Period.month(today), Period.year(today.year)
    members = {}
    for pk, path in Org.objects.schools().values_list("pk", "path"):
        for node in Org(path=path).ancestor_ids()[:-1]:
            members.setdefault(node, []).append(pk)
    keys = list(metrics.METRICS)
    by_week = metrics.table(
        [key for key, _when in TILES if key in metrics.METRICS], Org.objects.schools(), week
    )
    by_month = metrics.table(keys, Org.objects.schools(), month)
    by_year = metrics.table(
        [key for key in keys if metrics.METRICS[key].per_period], Org.objects.schools(), year
    )
    periods = metrics.months(today, TREND_MONTHS)
    trend_keys = [key for key in TRENDS if key in metrics.METRICS]
    # Each school's trends and breakdowns, where a roll-up splits them by school in one query.
    span = Period(periods[0].start, periods[-1].end)
    school_trends = {
        key: found
        for key in trend_keys
        if (found := metrics.METRICS[key].by_school_month(Org.objects.schools(), span)) is not None
    }
    school_breakdowns = {
        key: found
        for key, item in metrics.BREAKDOWNS.items()
        if (found := item.by_school(Org.objects.schools(), year)) is not None
    }
    rows = []

    def add(org_id, part, data, key=""):
        rows.append(
            CockpitFigures(
                org_id=org_id, part=part, key=key, data=data, day=today, taken_at=taken_at
            )
        )

    for pk in {pk for ids in members.values() for pk in ids}:
        add(
            pk,
            "own",
            {
                "month": {key: _plain(by_month[key].get(pk)) for key in keys},
                "year": {key: _plain(found.get(pk)) for key, found in by_year.items()},
                "tiles": {
                    key: (found[pk], 1 if found[pk] else 0) for key, found in by_week.items()
                },
                "trends": {
                    key: [found.get((pk, p.start), 0) for p in periods]
                    for key, found in school_trends.items()
                },
                "breakdowns": {
                    key: [
                        (value, found.get((pk, value), 0))
                        for value, _label in metrics.BREAKDOWNS[key].labels()
                    ]
                    for key, found in school_breakdowns.items()
                },
            },
        )
    for node in Org.objects.filter(pk__in=list(members)):
        ids, schools = members[node.pk], schools_of(node)
        summary = {
            "tiles": {
                key: (sum(found[pk] for pk in ids), sum(1 for pk in ids if found[pk]))
                for key, found in by_week.items()
            },
            "trends": _trend_series(trend_keys, schools, periods),
            "breakdowns": {
                key: [(value, n) for value, _label, n in metrics.breakdown(key, schools, year)]
                for key in metrics.BREAKDOWNS
            },
            "median": {
                span: {
                    key: _plain(metrics.median(found[pk] for pk in ids))
                    for key, found in table.items()
                }
                for span, table in (("month", by_month), ("year", by_year))
            },
        }
        add(node.pk, "summary", summary)
        for key in keys:
            add(node.pk, "month", [(pk, _plain(by_month[key][pk])) for pk in ids], key)
    with transaction.atomic():
        CockpitFigures.objects.all().delete()
        CockpitFigures.objects.bulk_create(rows, batch_size=500)
    return len(rows)
