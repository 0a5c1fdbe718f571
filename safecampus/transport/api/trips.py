"""Bus trips over the API: the list, one trip with its roll, start, mark, end, close."""

from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import already_saved
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require_any
from safecampus.students.models import Student
from safecampus.transport.models import Direction, MarkKind, Trip, TripMark, TripStatus
from safecampus.transport.queries import buses as route_queries
from safecampus.transport.queries import trips as queries
from safecampus.transport.services import trips as services

router = Router()


class TripOut(Schema):
    id: int
    route_id: int
    route: str = Field(alias="route.name")
    day: date
    direction: Direction
    status: TripStatus
    vehicle: str = Field(alias="vehicle.plate")
    seats: int
    attendant: str
    started_at: datetime
    closed_at: datetime | None
    alerted_at: datetime | None

    @staticmethod
    def resolve_attendant(obj):
        return str(obj.attendant)


class RollOut(Schema):
    student_id: int
    name: str
    stop: str
    state: str


class TripDetailOut(TripOut):
    roll: list[RollOut]


class StartIn(Schema):
    direction: Direction
    client_uuid: UUID | None = None


class MarkIn(Schema):
    student_id: int = Field(ge=1, le=2**31 - 1)
    kind: MarkKind
    note: str = Field("", max_length=200)
    client_uuid: UUID | None = None


class MarkOut(Schema):
    id: int
    trip_id: int
    student_id: int
    kind: MarkKind
    at: datetime


def _school(request, school_id):
    school = school_for(request, school_id, None)
    require_any(request.user, school, Cap.TRANSPORT_VIEW, Cap.TRANSPORT_RIDE)
    return school


def _trip(request, trip_id):
    return first_or_404(queries.trip_by_id(request.user, trip_id))


@router.get("/schools/{school_id}/bus-trips", response=list[TripOut])
@paginate(Pagination, page_size=50)
def trip_list(request, school_id: int, day: date | None = None, status: TripStatus | None = None):
    school = _school(request, school_id)
    return queries.trips(user=request.user, school=school, day=day, status=status or "")


@router.get("/bus-trips/{trip_id}", response=TripDetailOut)
def trip_detail(request, trip_id: int):
    trip = _trip(request, trip_id)
    trip.roll = [
        {
            "student_id": row.student.pk,
            "name": row.student.name,
            "stop": row.rider.stop.name,
            "state": row.state,
        }
        for row in queries.roll(trip)
    ]
    return trip


@router.post(
    "/schools/{school_id}/bus-routes/{route_id}/trips", response={201: TripOut, 200: TripOut}
)
def trip_start(request, school_id: int, route_id: int, payload: StartIn):
    """Start today's trip of the route; a repeat (same client id, or the same route, day and
    direction) answers the trip already started."""
    school = school_for(request, school_id, Cap.TRANSPORT_RIDE)
    route = first_or_404(route_queries.route_for(request.user, school, route_id))
    existed = already_saved(Trip, payload.client_uuid, school=school) or (
        Trip.objects.filter(
            route=route, day=timezone.localdate(), direction=payload.direction
        ).exists()
    )
    trip = services.start_trip(actor=request.user, route=route, **payload.dict())
    return Status(200 if existed else 201, trip)


@router.post("/bus-trips/{trip_id}/marks", response={201: MarkOut, 200: MarkOut})
def trip_mark(request, trip_id: int, payload: MarkIn):
    """One tap of the roll call; boarding beyond the seats is refused (400) and changes
    nothing."""
    trip = _trip(request, trip_id)
    replay = already_saved(TripMark, payload.client_uuid, trip=trip)
    student = Student.objects.filter(school=trip.school_id, pk=payload.student_id).first()
    if student is None:
        raise DomainError(_("This student is not on the route's list."))
    row = services.mark(
        actor=request.user,
        trip=trip,
        student=student,
        kind=payload.kind,
        note=payload.note,
        client_uuid=payload.client_uuid,
    )
    return Status(200 if replay else 201, row)


@router.post("/bus-trips/{trip_id}/end", response=TripOut)
def trip_end(request, trip_id: int):
    """End the trip: with a student still on board it stays open (unaccounted) and the school
    is alerted once."""
    return services.end_trip(actor=request.user, trip=_trip(request, trip_id))


@router.post("/bus-trips/{trip_id}/close", response=TripOut)
def trip_close(request, trip_id: int):
    return services.close_trip(actor=request.user, trip=_trip(request, trip_id))
