"""Reads of trips and their roll calls."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from safecampus.core.access import has_cap, visible_to
from safecampus.core.roles import Cap
from safecampus.transport.models import MarkKind, Rider, Trip, TripMark, TripStatus
from safecampus.transport.workflow import RollState, roll_state


def trips(*, user, school, day=None, status="", route=None):
    """The school's trips for a reader of transport, else the trips the person attended."""
    rows = visible_to(user, Trip).filter(school=school)
    if not has_cap(user, Cap.TRANSPORT_VIEW, school):
        rows = rows.filter(attendant=user)
    if day:
        rows = rows.filter(day=day)
    if status:
        rows = rows.filter(status=status)
    if route:
        rows = rows.filter(route_id=route)
    return (
        rows.select_related("route", "vehicle", "attendant")
        .annotate(
            boarded=Count("marks", filter=Q(marks__kind=MarkKind.BOARD)),
            absent=Count("marks", filter=Q(marks__kind=MarkKind.ABSENT)),
        )
        .order_by("-day", "-started_at", "-pk")
    )


def trip_for(user, school, trip_id):
    return trips(user=user, school=school).filter(pk=trip_id)


@dataclass
class RollRow:
    rider: object
    state: str
    marks: dict  # kind -> TripMark

    @property
    def student(self):
        return self.rider.student


def roll(trip):
    """The route's list with each student's state on this trip (two queries). A student marked
    on the trip and since taken off the route stays on the sheet: what happened is kept."""
    marks = defaultdict(dict)
    for row in TripMark.objects.filter(trip=trip).select_related("by"):
        marks[row.student_id][row.kind] = row
    riders = list(
        Rider.objects.filter(Q(route=trip.route_id) | Q(student__in=list(marks)))
        .select_related("student__school_class", "stop")
        .order_by("stop__position", "student__name")
    )
    seen = set()
    rows = []
    for rider in riders:
        if rider.student_id in seen:
            continue
        seen.add(rider.student_id)
        kinds = set(marks[rider.student_id])
        rows.append(RollRow(rider, roll_state(kinds), marks[rider.student_id]))
    return rows


def tally(rows):
    counts = defaultdict(int)
    for row in rows:
        counts[row.state] += 1
    return {state: counts[state] for state in RollState.ALL}


def unaccounted_count(user, school):
    """Trips with a student not accounted for, on any day: each one is a child to find."""
    return trips(user=user, school=school, status=TripStatus.UNACCOUNTED).count()


def today_counts(user, school, day=None):
    day = day or timezone.localdate()
    rows = visible_to(user, Trip, Cap.TRANSPORT_VIEW).filter(school=school)
    return rows.aggregate(
        today=Count("pk", filter=Q(day=day)),
        unaccounted=Count("pk", filter=Q(status=TripStatus.UNACCOUNTED)),
    )


def trip_by_id(user, trip_id):
    """One trip by id for the API: the school's readers see it, an attendant their own."""
    rows = visible_to(user, Trip).select_related("school", "route", "vehicle", "attendant")
    readable = visible_to(user, Trip, Cap.TRANSPORT_VIEW).values("pk")
    return rows.filter(Q(pk__in=readable) | Q(attendant=user)).filter(pk=trip_id)
