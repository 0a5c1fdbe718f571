"""Reunification over the API: who is still waiting after an incident, and the hand-over of a
student to a guardian or authorised pick-up person on their list, ID checked. Someone not on
the list is refused (400 with the reason) and recorded."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404, visible_to
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import already_saved
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require_any
from safecampus.gate import queries
from safecampus.gate.models import IdType, PickupPerson, Release
from safecampus.gate.services import reunification as services
from safecampus.gate.workflow import RELEASE_CAPS
from safecampus.students.models import Guardian, Roll, Student

router = Router()


class WaitingOut(Schema):
    id: int
    name: str
    class_name: str = Field(alias="school_class.name")
    mark: str | None


class ReleaseIn(Schema):
    student_id: int = Field(ge=1, le=2**31 - 1)
    guardian_id: int | None = Field(None, ge=1, le=2**31 - 1)
    person_id: int | None = Field(None, ge=1, le=2**31 - 1)
    claimed_name: str = Field("", max_length=40)
    id_type: IdType | Literal[""] = ""
    id_last4: str = Field("", max_length=4)
    client_uuid: UUID | None = None


class ReleaseOut(Schema):
    id: int
    student_id: int
    released_to: str
    id_type: str
    released_at: datetime


def _roll(request, roll_id):
    roll = first_or_404(visible_to(request.user, Roll).filter(pk=roll_id).select_related("school"))
    require_any(request.user, roll.school, Cap.GATE_VIEW, *RELEASE_CAPS)
    return roll


@router.get("/rolls/{roll_id}/waiting", response=list[WaitingOut])
@paginate(Pagination, page_size=50)
def waiting(request, roll_id: int):
    """The roll's students not handed over and not absent that day, injured first."""
    return queries.still_waiting(_roll(request, roll_id))


@router.post("/rolls/{roll_id}/releases", response={201: ReleaseOut, 200: ReleaseOut})
def release(request, roll_id: int, payload: ReleaseIn):
    roll = _roll(request, roll_id)
    require_any(request.user, roll.school, *RELEASE_CAPS)
    student = Student.objects.filter(school=roll.school_id, pk=payload.student_id).first()
    if student is None:
        raise DomainError(_("This student is not on the school's roll."))
    guardian = Guardian.objects.filter(pk=payload.guardian_id or 0).first()
    person = PickupPerson.objects.filter(pk=payload.person_id or 0).first()
    if guardian is None and person is None:
        if not payload.claimed_name.strip():
            raise DomainError(_("Say who came for the student: someone on the list, or a name."))
        # The refusal is recorded (its own transaction, committed), then answered as a 400.
        reason = services.refuse(
            actor=request.user, roll=roll, student=student, claimed_name=payload.claimed_name
        )
        raise DomainError(reason)
    replay = already_saved(Release, payload.client_uuid, school=roll.school)
    row = services.release(
        actor=request.user,
        roll=roll,
        student=student,
        guardian=guardian,
        person=person,
        id_type=payload.id_type,
        id_last4=payload.id_last4,
        client_uuid=payload.client_uuid,
    )
    return Status(200 if replay else 201, row)
