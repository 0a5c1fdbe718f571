"""The cockpit's figures, read from the metrics registry only (core.metrics): never by
importing another module. Every figure costs one query per metric (or per metric and month for
a trend without a monthly query), whatever the number of schools.

A bureau's cockpit: the figures that need action (totals over its schools and how many schools),
trends by month, distributions, and the ranking of its schools by the weighted composite. A
school's cockpit: its own figures against the median of its district's schools.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from safecampus.assessment.models import CockpitWeight
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


def tiles(user, org, schools=None):
    today = timezone.localdate()
    schools = schools if schools is not None else schools_of(org)
    week = Period.week(today)
    readable = _readable(user, org, [key for key, _when in TILES])
    figures = metrics.table([m.key for m in readable], schools, week)
    found = []
    for metric in readable:
        when = dict(TILES)[metric.key]
        per_school = figures[metric.key]
        found.append(
            Tile(
                key=metric.key,
                label=str(metric.label),
                total=sum(per_school.values()),
                schools=sum(1 for value in per_school.values() if value),
                url=metrics.link(metric, org),
                week=when == "week",
            )
        )
    return found


def trends(user, org, schools=None):
    """{"months": ["2026-01", ...], "series": [{key, label, data: [...]}]}."""
    schools = schools if schools is not None else schools_of(org)
    periods = metrics.months(timezone.localdate(), TREND_MONTHS)
    series = []
    for metric in _readable(user, org, TRENDS):
        found = metrics.trend(metric.key, schools, periods)
        series.append(
            {"key": metric.key, "label": str(metric.label), "data": [n for _p, n in found]}
        )
    return {"months": [p.start.strftime("%Y-%m") for p in periods], "series": series}


def distributions(user, org, schools=None):
    """The breakdowns the person may read: hazards of this year by category, risk points by
    level (a snapshot)."""
    schools = schools if schools is not None else schools_of(org)
    year = Period.year(timezone.localdate().year)
    found = []
    for item in metrics.visible_breakdowns(user, org):
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


def ranking(user, org, weights=None, schools=None):
    """Every school of the org with its score, best first: score = Σ weight × figure
    normalised to 0–100 across the schools / Σ weight of the figures the school has, rounded
    to one decimal. A school with no figure at all has no score and comes last.

    Returns (ranked schools, the weighted metrics in use, {key: weight})."""
    schools = schools if schools is not None else schools_of(org)
    weights = weights if weights is not None else weights_for(org)[1]
    used = [m for m in _readable(user, org, list(weights)) if weights[m.key] > 0]
    month = Period.month(timezone.localdate())
    figures = metrics.table([m.key for m in used], schools, month)
    scaled = {m.key: normalised(figures[m.key], m.better) for m in used}
    names = list(schools.order_by("name", "pk").values_list("pk", "name"))
    scored = []
    for pk, name in names:
        total = weight_sum = 0
        for metric in used:
            value = scaled[metric.key][pk]
            if value is not None:
                total += weights[metric.key] * value
                weight_sum += weights[metric.key]
        score = round(total / weight_sum, 1) if weight_sum else None
        scored.append((pk, name, score, {m.key: figures[m.key][pk] for m in used}))
    scored.sort(key=lambda row: (row[2] is None, -(row[2] or 0)))
    ranked = [
        Ranked(rank=n, school_id=pk, name=name, score=score, figures=figs)
        for n, (pk, name, score, figs) in enumerate(scored, start=1)
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


def profile(user, org, school, peers):
    """Every metric the person may read at `org`, for `school`, this month and this year,
    beside the median of `peers` (a queryset of schools holding `school`). Two queries per
    metric about a period, one per snapshot, and two for the schools' ids."""
    today = timezone.localdate()
    month, year = Period.month(today), Period.year(today.year)
    readable = metrics.visible(user, org)
    by_month = metrics.table([m.key for m in readable], peers, month)
    by_year = metrics.table([m.key for m in readable if m.per_period], peers, year)
    rows = []
    for metric in readable:
        this_month = by_month[metric.key]
        this_year = by_year.get(metric.key, this_month)
        rows.append(
            ProfileRow(
                key=metric.key,
                group=str(metric.group),
                label=str(metric.label),
                unit=metric.unit,
                better=metric.better,
                per_period=metric.per_period,
                month=this_month.get(school.pk, metric.empty),
                month_median=metrics.median(this_month.values()),
                year=this_year.get(school.pk, metric.empty),
                year_median=metrics.median(this_year.values()),
                url=metrics.link(metric, school),
            )
        )
    return rows
