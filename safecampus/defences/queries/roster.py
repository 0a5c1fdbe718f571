"""Reads of the duty roster: a school's week (each gate in each band of each day, a gap where
no one is on duty; the leader on night duty at a boarding school), a person's own duty, and the
gaps per school for a bureau in one query whatever the number of schools.

A school with no time band is counted as one band a day: the gatehouse is staffed round the
clock (GB/T 29315-2022 as reported, rules.md §1), so an unplanned day is a gap, not nothing."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from safecampus.core.models import Zone, ZoneKind
from safecampus.defences.models import DutyBand, DutySlot, LeaderDuty

DAYS = 7


def week_of(day):
    return day - timedelta(days=day.weekday())


def week_from(value):
    """The Monday of the week named by `value` (YYYY-MM-DD), else this week."""
    try:
        return week_of(date.fromisoformat(value or ""))
    except ValueError:
        return week_of(timezone.localdate())


def gates(school):
    return Zone.objects.filter(school=school, kind=ZoneKind.GATE).order_by("path_name")


@dataclass
class Cell:
    zone: object
    band: object
    guards: list
    closed: bool = False

    @property
    def gap(self):
        return not self.guards and not self.closed


@dataclass
class Day:
    day: object
    cells: list = field(default_factory=list)
    leader: object = None

    @property
    def gaps(self):
        return sum(cell.gap for cell in self.cells)


def week(school, monday):
    """The school's week: each day with its cells (every gate × band) and leader; three queries
    and one for the guards."""
    days = [Day(monday + timedelta(days=n)) for n in range(DAYS)]
    posts = list(gates(school))
    bands = list(DutyBand.objects.filter(school=school))
    slots = (
        DutySlot.objects.filter(school=school, day__gte=monday, day__lt=monday + timedelta(DAYS))
        .prefetch_related("guards")
        .order_by()
    )
    found = {(s.zone_id, s.band_id, s.day): s for s in slots}
    leaders = {
        d.day: d.leader
        for d in LeaderDuty.objects.filter(
            school=school, day__gte=monday, day__lt=monday + timedelta(DAYS)
        ).select_related("leader")
    }
    for day in days:
        day.leader = leaders.get(day.day)
        for band in bands:
            for zone in posts:
                slot = found.get((zone.pk, band.pk, day.day))
                guards = list(slot.guards.all()) if slot else []
                day.cells.append(Cell(zone, band, guards, bool(slot and slot.closed)))
    return days, posts, bands


def my_duty(user, school, day):
    """The slots this person is on at the school on `day`."""
    return (
        DutySlot.objects.filter(school=school, day=day, guards=user)
        .select_related("zone", "band")
        .order_by("band__starts")
    )


def _count(model, *conditions, **filters):
    rows = (
        model.objects.filter(*conditions, school=OuterRef("pk"), **filters)
        .order_by()
        .values("school")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def gaps_by_school(schools, monday):
    """{school id: (band gaps, nights without a leader)} for the week from `monday`, one query:
    gates × bands (at least one) × 7 less the slots with someone on duty or the gate closed;
    at a boarding school, 7 less the nights with a leader."""
    end = monday + timedelta(DAYS)
    week_filter = {"day__gte": monday, "day__lt": end}
    rows = (
        schools.order_by()
        .annotate(
            n_gates=_count(Zone, kind=ZoneKind.GATE),
            n_bands=Greatest(_count(DutyBand), Value(1)),
            n_slots=_count(DutySlot, Q(guards__isnull=False) | Q(closed=True), **week_filter),
            n_leaders=_count(LeaderDuty, **week_filter),
        )
        .values("pk", "boarding_students", "n_gates", "n_bands", "n_slots", "n_leaders")
    )
    found = {}
    for row in rows:
        band_gaps = max(0, row["n_gates"] * row["n_bands"] * DAYS - row["n_slots"])
        nights = max(0, DAYS - row["n_leaders"]) if row["boarding_students"] else 0
        found[row["pk"]] = (band_gaps, nights)
    return found
