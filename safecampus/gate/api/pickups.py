"""Pick-ups over the API: the people allowed to collect a child, hand-overs, refusals, and
who is not yet collected."""

from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.idempotency import already_saved
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.gate import queries
from safecampus.gate.api.masking import MaskedContactOut
from safecampus.gate.api.students import StudentOut, student_in
from safecampus.gate.models import PickupRecord
from safecampus.gate.services import pickups
from safecampus.students import queries as student_queries

router = Router()


class PickupPersonOut(MaskedContactOut):
    id: int
    name: str
    relation: str
    phone_masked: str
    id_number_masked: str
    photo_id: int | None


class PickupPersonIn(Schema):
    name: OneLine
    relation: str
    phone: str
    consent: str
    consent_by: str
    id_number: str = ""


class PickupOut(Schema):
    id: int
    student_id: int
    day: date
    outcome: str
    person_id: int | None
    claimed_name: str
    at: datetime
    client_uuid: UUID | None


class HandOverIn(Schema):
    person_id: int
    client_uuid: UUID | None = None


class RefusePickupIn(Schema):
    claimed_name: str
    claimed_relation: str = ""
    note: str = ""
    client_uuid: UUID | None = None


@router.get(
    "/schools/{school_id}/students/{student_id}/pickup-persons", response=list[PickupPersonOut]
)
def pickup_persons(request, school_id: int, student_id: int):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    return list(queries.pickup_persons(student_in(request, school, student_id)))


@router.post(
    "/schools/{school_id}/students/{student_id}/pickup-persons", response={201: PickupPersonOut}
)
def pickup_person_add(request, school_id: int, student_id: int, payload: PickupPersonIn):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    student = student_in(request, school, student_id)
    return Status(201, pickups.add_person(actor=request.user, student=student, **payload.dict()))


@router.delete(
    "/schools/{school_id}/students/{student_id}/pickup-persons/{person_id}", response={204: None}
)
def pickup_person_revoke(request, school_id: int, student_id: int, person_id: int):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    student = student_in(request, school, student_id)
    person = first_or_404(queries.pickup_persons(student).filter(pk=person_id))
    pickups.revoke_person(actor=request.user, person=person)
    return Status(204, None)


@router.post(
    "/schools/{school_id}/students/{student_id}/hand-over",
    response={201: PickupOut, 200: PickupOut},
)
def pickup_hand_over(request, school_id: int, student_id: int, payload: HandOverIn):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    again = already_saved(PickupRecord, payload.client_uuid, school=school)
    student = student_in(request, school, student_id)
    person = first_or_404(queries.pickup_persons(student).filter(pk=payload.person_id))
    record = pickups.hand_over(
        actor=request.user, student=student, person=person, client_uuid=payload.client_uuid
    )
    return Status(200 if again else 201, record)


@router.post(
    "/schools/{school_id}/students/{student_id}/refuse-pickup",
    response={201: PickupOut, 200: PickupOut},
)
def pickup_refuse(request, school_id: int, student_id: int, payload: RefusePickupIn):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    again = already_saved(PickupRecord, payload.client_uuid, school=school)
    student = student_in(request, school, student_id)
    record = pickups.refuse(actor=request.user, student=student, **payload.dict())
    return Status(200 if again else 201, record)


@router.get("/schools/{school_id}/not-picked-up", response=list[StudentOut])
@paginate(Pagination, page_size=50)
def not_picked_up(request, school_id: int, day: date | None = None):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    students = student_queries.students(user=request.user, school=school)
    return pickups.not_picked_up(students, day or timezone.localdate())
