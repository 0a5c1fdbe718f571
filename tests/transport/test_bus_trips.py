"""A trip's roll call as the attendant runs it: boarding beyond the seats is refused and
changes nothing, a repeated tap creates nothing twice, and a trip that ends with a child on
board stays open and alerts the school exactly once."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Notification
from safecampus.students.models import Student
from safecampus.transport.models import Direction, MarkKind, TripMark, TripStatus, Vehicle
from safecampus.transport.services import trips
from tests.transport.helpers import fresh, route_with_riders, students_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are read in English here (the demo's language is Chinese)."""
    with translation.override("en"):
        yield


def _started(route):
    return trips.start_trip(
        actor=route.attendant, route=route, direction=Direction.TO_SCHOOL, client_uuid=fresh()
    )


def test_an_overloaded_boarding_is_refused_and_changes_nothing():
    route = route_with_riders(seats=2, riders=3)
    trip = _started(route)
    first, second, third = students_of(route)
    for student in (first, second):
        trips.mark(actor=route.attendant, trip=trip, student=student, kind=MarkKind.BOARD)
    marks, events = TripMark.objects.count(), AuditEvent.objects.count()
    with pytest.raises(DomainError, match="Overloaded"):
        trips.mark(actor=route.attendant, trip=trip, student=third, kind=MarkKind.BOARD)
    assert (TripMark.objects.count(), AuditEvent.objects.count()) == (marks, events)
    # A child getting off frees the seat.
    trips.mark(actor=route.attendant, trip=trip, student=first, kind=MarkKind.ALIGHT)
    trips.mark(actor=route.attendant, trip=trip, student=third, kind=MarkKind.BOARD)
    assert sorted(trip.still_on_board()) == sorted([second.pk, third.pk])


def test_a_replayed_tap_creates_nothing_twice():
    route = route_with_riders()
    trip = _started(route)
    student = students_of(route)[0]
    tap = fresh()
    first = trips.mark(
        actor=route.attendant, trip=trip, student=student, kind=MarkKind.BOARD, client_uuid=tap
    )
    again = trips.mark(
        actor=route.attendant, trip=trip, student=student, kind=MarkKind.BOARD, client_uuid=tap
    )
    assert again.pk == first.pk
    assert TripMark.objects.filter(trip=trip).count() == 1


def test_starting_twice_returns_the_same_trip():
    route = route_with_riders()
    assert _started(route).pk == _started(route).pk


def test_a_trip_with_a_child_not_off_cannot_close_and_alerts_once(person):
    route = route_with_riders(riders=2)
    trip = _started(route)
    stays, leaves = students_of(route)
    for student in (stays, leaves):
        trips.mark(actor=route.attendant, trip=trip, student=student, kind=MarkKind.BOARD)
    trips.mark(actor=route.attendant, trip=trip, student=leaves, kind=MarkKind.ALIGHT)
    officer = person("s01.officer")
    before = Notification.objects.filter(user=officer).count()

    ended = trips.end_trip(actor=route.attendant, trip=trip)
    assert ended.status == TripStatus.UNACCOUNTED
    alerts = Notification.objects.filter(user=officer).order_by("-pk")
    assert alerts.count() == before + 1
    assert stays.name in alerts.first().body

    # Ending again is refused and tells no one a second time; closing waits for the child.
    with pytest.raises(DomainError):
        trips.end_trip(actor=route.attendant, trip=trip)
    with pytest.raises(DomainError, match="still not accounted for"):
        trips.close_trip(actor=route.attendant, trip=trip)
    assert Notification.objects.filter(user=officer).count() == before + 1
    trip.refresh_from_db()
    assert trip.status == TripStatus.UNACCOUNTED

    with pytest.raises(DomainError):
        trips.mark(actor=route.attendant, trip=trip, student=stays, kind=MarkKind.ACCOUNT)
    trips.mark(
        actor=route.attendant,
        trip=trip,
        student=stays,
        kind=MarkKind.ACCOUNT,
        note="家长在站点接走",
    )
    closed = trips.close_trip(actor=route.attendant, trip=trip)
    assert closed.status == TripStatus.CLOSED
    assert Notification.objects.filter(user=officer).count() == before + 1


def test_a_trip_where_everyone_got_off_closes_without_alert(person):
    route = route_with_riders(riders=1)
    trip = _started(route)
    student = students_of(route)[0]
    trips.mark(actor=route.attendant, trip=trip, student=student, kind=MarkKind.BOARD)
    trips.mark(actor=route.attendant, trip=trip, student=student, kind=MarkKind.ALIGHT)
    before = Notification.objects.count()
    assert trips.end_trip(actor=route.attendant, trip=trip).status == TripStatus.CLOSED
    assert Notification.objects.count() == before


def test_only_the_routes_attendant_runs_its_trips(person):
    route = route_with_riders(attendant="s01.teacher")
    with pytest.raises(PermissionRefused):
        trips.start_trip(
            actor=person("s01.headteacher"), route=route, direction=Direction.TO_SCHOOL
        )
    trip = _started(route)
    with pytest.raises(PermissionRefused):
        trips.mark(
            actor=person("s01.guard"),
            trip=trip,
            student=students_of(route)[0],
            kind=MarkKind.BOARD,
        )


def test_a_student_not_on_the_list_is_refused(org):
    route = route_with_riders()
    trip = _started(route)
    other = Student.objects.filter(school=org("s01"), bus_rides__isnull=True).first()
    with pytest.raises(DomainError, match="not on the route"):
        trips.mark(actor=route.attendant, trip=trip, student=other, kind=MarkKind.BOARD)


def test_a_bus_overdue_for_inspection_may_not_leave():
    route = route_with_riders()
    Vehicle.objects.filter(pk=route.vehicle_id).update(
        inspection_due=timezone.localdate() - timedelta(days=1)
    )
    route.vehicle.refresh_from_db()
    with pytest.raises(DomainError, match="inspection"):
        trips.start_trip(actor=route.attendant, route=route, direction=Direction.TO_SCHOOL)
