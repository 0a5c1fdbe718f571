"""Transport's workflow tables hold (tests/workflows.py): a trip's moves and a student's moves
on a trip each succeed where the table lists them and are refused, changing nothing, elsewhere."""

import pytest
from django.utils import timezone

from safecampus.core.models import AuditEvent, Notification
from safecampus.transport.models import MarkKind, Trip, TripMark, TripStatus
from safecampus.transport.services import trips
from safecampus.transport.workflow import ROLL, TRIP, RollState
from tests.transport.helpers import route_with_riders, students_of
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


def _trace(trip):
    return (
        list(Trip.objects.filter(pk=trip.pk).values()),
        list(TripMark.objects.filter(trip=trip).order_by("pk").values()),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _trip(route, status):
    return Trip.objects.create(
        school=route.school,
        route=route,
        day=timezone.localdate(),
        direction="to_school",
        status=status,
        vehicle=route.vehicle,
        seats=route.vehicle.seats,
        attendant=route.attendant,
        started_at=timezone.now(),
    )


@pytest.fixture
def route():
    return route_with_riders(riders=1)


@every_move(TRIP)
def test_trips_follow_their_table(state, action, route):
    student = students_of(route)[0]

    def act(trip, action):
        if action == "mark":
            trips.mark(actor=route.attendant, trip=trip, student=student, kind=MarkKind.BOARD)
        elif action == "end":
            trips.end_trip(actor=route.attendant, trip=trip)
        else:
            trips.close_trip(actor=route.attendant, trip=trip)

    check_move(TRIP, state, action, make=lambda s: _trip(route, s), act=act, trace=_trace)


MARKS_BEFORE = {
    RollState.WAITING: [],
    RollState.ON_BOARD: [MarkKind.BOARD],
    RollState.ABSENT: [MarkKind.ABSENT],
    RollState.OFF: [MarkKind.BOARD, MarkKind.ALIGHT],
    RollState.ACCOUNTED: [MarkKind.BOARD, MarkKind.ACCOUNT],
}


@every_move(ROLL)
def test_a_students_marks_follow_their_table(state, action, route):
    student = students_of(route)[0]

    def make(state):
        trip = _trip(route, TripStatus.RUNNING)
        for kind in MARKS_BEFORE[state]:
            TripMark.objects.create(
                trip=trip, student=student, kind=kind, at=timezone.now(), by=route.attendant
            )
        return trips.roll_entry(trip, student)

    def act(entry, kind):
        trips.mark(actor=route.attendant, trip=entry.trip, student=student, kind=kind, note="在家")

    check_move(
        ROLL,
        state,
        action,
        make=make,
        act=act,
        trace=lambda entry: _trace(entry.trip),
        again=lambda entry: trips.roll_entry(entry.trip, student),
    )
