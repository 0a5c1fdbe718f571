"""A trip on the attendant's phone: start it, mark each student on and off, end it.

Every tap carries a client UUID: a phone that lost signal sends its queue again, and a repeat
returns the first answer and writes nothing (core.idempotency)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.transport.models import MarkKind, Rider, Trip, TripMark, TripStatus
from safecampus.transport.rules import driver_eligibility, rules_for, vehicle_problems
from safecampus.transport.services import rollcall
from safecampus.transport.workflow import ROLL, TRIP


def may_run(user, trip_or_route, school=None):
    """The route's attendant runs its trips; a holder of transport.manage may stand in.
    `school`: the row's school when the caller has it (a list asks for each row)."""
    school = school or trip_or_route.school
    if has_cap(user, Cap.TRANSPORT_MANAGE, school):
        return True
    return has_cap(user, Cap.TRANSPORT_RIDE, school) and trip_or_route.attendant_id == user.pk


def _require_runner(actor, trip_or_route):
    require(actor, Cap.TRANSPORT_RIDE, trip_or_route.school)
    if not may_run(actor, trip_or_route):
        raise PermissionRefused(_("Only the route's attendant runs its trips."))


def ready_to_leave(route, today=None):
    """Why the bus may not leave today (an empty list when it may): 条例 §39 has the attendant
    stop a bus whose driver is unfit; the bus's inspection, insurance and kit are checked too."""
    rules = rules_for(route.school)
    problems = list(vehicle_problems(route.vehicle, rules, today))
    eligibility = driver_eligibility(route.driver, rules, today)
    problems += [f"{route.driver}: {p}" for p in eligibility.problems]
    if not route.vehicle.is_active or not route.driver.is_active:
        problems.append(_("The route's bus or driver is out of service."))
    return problems


@transaction.atomic
def start_trip(*, actor, route, direction, client_uuid=None, now=None):
    """Start today's trip of the route in one direction; a second start returns the first."""
    _require_runner(actor, route)
    existing = replayed(Trip, client_uuid, school=route.school)
    if existing is not None:
        return existing
    now = now or timezone.now()
    day = timezone.localdate(now)
    if not route.is_active:
        raise DomainError(_("This route is not running."))
    trip = Trip.objects.filter(route=route, day=day, direction=direction).first()
    if trip is not None:
        return trip
    problems = ready_to_leave(route, day)
    if problems:
        raise DomainError(_("The bus may not leave: %(why)s") % {"why": " ".join(problems)})
    trip = Trip(
        school=route.school,
        route=route,
        day=day,
        direction=direction,
        vehicle=route.vehicle,
        seats=route.vehicle.seats,
        attendant=route.attendant,
        started_at=now,
        client_uuid=client_uuid,
    )
    try:
        with transaction.atomic():
            trip.save()
    except IntegrityError:
        # Two phones started the same trip at once: the first one stands.
        return Trip.objects.get(route=route, day=day, direction=direction)
    audit.record(actor=actor, org=route.school, action="bus.trip_start", obj=trip)
    return trip


def roll_entry(trip, student):
    return rollcall.entry(trip, student)


@transaction.atomic
def mark(*, actor, trip, student, kind, note="", client_uuid=None, now=None):
    """One tap of the roll call. Boarding beyond the bus's seats is refused (条例 §34)."""
    _require_runner(actor, trip)
    existing = replayed(TripMark, client_uuid, trip=trip)
    if existing is not None:
        return existing
    rollcall.check_kind(kind)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    TRIP.check(trip, "mark")
    if not Rider.objects.filter(route=trip.route_id, student=student).exists():
        raise DomainError(_("This student is not on the route's list."))
    if kind == MarkKind.BOARD and len(trip.still_on_board()) >= trip.seats:
        ROLL.check(roll_entry(trip, student), kind)
        raise DomainError(
            _("Overloaded: the bus has %(seats)s seats and they are all taken.")
            % {"seats": trip.seats}
        )
    return rollcall.write_mark(
        actor=actor,
        holder=trip,
        table=ROLL,
        student=student,
        kind=kind,
        note=note,
        client_uuid=client_uuid,
        now=now,
        action="bus",
    )


def _alert(trip, missing):
    rollcall.alert_missing(
        trip,
        missing,
        kind="transport.unaccounted",
        title=gettext_lazy("Bus %(route)s: %(count)s student(s) not accounted for"),
        body=gettext_lazy(
            "The trip ended with %(names)s on the list as boarded and not got off. Find them "
            "now and record where they are on the trip's page."
        ),
        params={"route": trip.route.name},
    )


@transaction.atomic
def end_trip(*, actor, trip, now=None):
    """End the trip. Every student who boarded and has not got off keeps it open: the school's
    safety officers are told at once, once, and the trip waits for them to be found."""
    _require_runner(actor, trip)
    trip = Trip.objects.select_for_update().select_related("route", "school").get(pk=trip.pk)
    trip.status = TRIP.next_state(trip, "end")
    now = now or timezone.now()
    missing = trip.still_on_board()
    if trip.status == TripStatus.CLOSED:
        trip.closed_at = now
        trip.save(update_fields=["status", "closed_at"])
        audit.record(actor=actor, org=trip.school, action="bus.trip_end", obj=trip)
        return trip
    trip.alerted_at = now
    trip.save(update_fields=["status", "alerted_at"])
    students = rollcall.missing_students(trip, missing)
    audit.record(
        actor=actor,
        org=trip.school,
        action="bus.unaccounted",
        obj=trip,
        changes={"students": [str(s) for s in students]},
    )
    _alert(trip, students)
    return trip


@transaction.atomic
def close_trip(*, actor, trip, now=None):
    """Close a trip whose missing students have all been found (got off or accounted for)."""
    _require_runner(actor, trip)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    TRIP.check(trip, "close")
    left = len(trip.still_on_board())
    if left:
        raise DomainError(
            _("%(count)s student(s) still not accounted for: record where each one is first.")
            % {"count": left}
        )
    trip.status = TRIP.next_state(trip, "close")
    trip.closed_at = now or timezone.now()
    trip.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, org=trip.school, action="bus.trip_close", obj=trip)
    return trip
