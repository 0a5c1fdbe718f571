"""The metrics' daily roll-ups (core.rollups) on the demo city: a rebuild gives the figures a
fresh count gives, a period across the roll-up and today adds the two parts once each, and a
figure costs one query with or without a roll-up."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecampus.core import metrics, schedule
from safecampus.core.metrics import Period
from safecampus.core.models import MetricDay, MetricRollup, Org
from safecampus.core.tasks import rebuild_metric_rollups
from safecampus.hazards.models import Hazard
from safecampus.hazards.services import report_hazard

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    return Org.objects.schools().under(Org.objects.get(code="demo-city"))


def _periods():
    today = timezone.localdate()
    return [
        Period.month(today),
        Period.year(today.year),
        Period(today - timedelta(days=400), today),
        Period(today - timedelta(days=60), today - timedelta(days=1)),
        Period(today - timedelta(days=90), today - timedelta(days=31)),
        Period(today, today),
    ]


def _fresh(item, schools, period):
    found = item.compute(schools, period)
    return {k: v for k, v in found.items() if v}


def _rolled(item, schools, period):
    found = item.figures(schools, period)
    return {k: v for k, v in found.items() if v}


def _same_as_a_fresh_count(schools):
    checked = 0
    for key, _daily in metrics.rolled_up():
        item = metrics.METRICS.get(key) or metrics.BREAKDOWNS[key]
        for period in _periods():
            assert _rolled(item, schools, period) == _fresh(item, schools, period), (key, period)
            checked += 1
        if key in metrics.METRICS and item.monthly is not None:
            span = Period(timezone.localdate() - timedelta(days=400), timezone.localdate())
            by_month = {k: v for k, v in item.monthly(schools, span).items() if v}
            assert {k: v for k, v in item.by_month(schools, span).items() if v} == by_month
    return checked


def test_every_figure_of_a_period_over_many_rows_has_a_rollup():
    keys = dict(metrics.rolled_up())
    assert {"hazards.found", "hazards.closed", "hazards.closure_rate", "hazards.by_category",
            "checks.completion", "checks.missed", "patrols.completion",
            "patrols.missed"} <= set(keys)  # fmt: skip
    assert any(entry.name == "metric_rollups" for entry in schedule.REGISTRY)


def test_a_rebuild_gives_what_a_fresh_count_gives(schools):
    written = metrics.rebuild_rollups()
    assert written["hazards.found"] > 0 and MetricDay.objects.filter(metric="hazards.found")
    assert MetricRollup.objects.get(metric="hazards.found").until == (
        timezone.localdate() - timedelta(days=1)
    )
    assert _same_as_a_fresh_count(schools) > 0
    # The roll-up in the middle of history: the days after it are counted live.
    metrics.rebuild_rollups(until=timezone.localdate() - timedelta(days=45))
    assert _same_as_a_fresh_count(schools) > 0


def test_a_period_across_the_rollup_and_today_adds_up(schools):
    rebuild_metric_rollups.call()
    today = timezone.localdate()
    month = Period(today - timedelta(days=30), today)
    school = Org.objects.get(
        pk=Hazard.objects.filter(school__in=schools).values_list("school", flat=True).first()
    )
    before = metrics.values("hazards.found", schools, month)[school.pk]
    zone = timezone.get_current_timezone()
    # Found today, one at the first instant of the day: live, counted once.
    made = [
        report_hazard(actor=None, school=school, place=f"{n}号楼", category="fire",
                      description="灭火器过期")
        for n in range(3)
    ]  # fmt: skip
    Hazard.objects.filter(pk=made[0].pk).update(
        reported_at=datetime.combine(today, time.min, tzinfo=zone)
    )
    assert metrics.values("hazards.found", schools, month)[school.pk] == before + 3
    assert _rolled(metrics.get("hazards.found"), schools, month) == _fresh(
        metrics.get("hazards.found"), schools, month
    )
    # One moved to the last instant of yesterday, after the rebuild: the roll-up holds
    # yesterday as it was rebuilt, so the figure waits for the next rebuild.
    Hazard.objects.filter(pk=made[1].pk).update(
        reported_at=datetime.combine(today, time.min, tzinfo=zone) - timedelta(microseconds=1)
    )
    assert metrics.values("hazards.found", schools, month)[school.pk] == before + 2
    assert metrics.freshness(["hazards.found", "risks.major"]) is not None
    rebuild_metric_rollups.call()
    assert metrics.values("hazards.found", schools, month)[school.pk] == before + 3
    assert _same_as_a_fresh_count(schools) > 0


def test_a_figure_costs_one_query_with_or_without_a_rollup(schools):
    keys = [key for key, _daily in metrics.rolled_up() if key in metrics.METRICS]
    year = Period.year(timezone.localdate().year)
    counted = []
    for rebuilt in (False, True):
        if rebuilt:
            metrics.rebuild_rollups()
        with CaptureQueriesContext(connection) as captured:
            metrics.table(keys, schools, year)
            metrics.trend("hazards.found", schools, metrics.months(timezone.localdate(), 12))
            metrics.breakdown("hazards.by_category", schools, year)
        counted.append(len(captured))
    assert counted == [len(keys) + 3, len(keys) + 3]
    assert metrics.freshness(["risks.major"]) is None  # a snapshot is always live
