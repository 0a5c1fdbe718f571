"""Confiscated items over the API."""

from datetime import datetime
from uuid import UUID

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import school_for
from safecampus.core.idempotency import already_saved
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.gate import queries
from safecampus.gate.api.students import student_in
from safecampus.gate.models import Confiscation, Handling, ItemKind
from safecampus.gate.services import confiscations

router = Router()


class ConfiscationOut(Schema):
    id: int
    kind: ItemKind
    item: str
    student_id: int | None
    place: str
    found_at: datetime
    found_by_id: int
    handling: Handling
    note: str
    client_uuid: UUID | None


class ConfiscationIn(Schema):
    kind: ItemKind
    item: str
    place: OneLine
    handling: Handling
    student_id: int | None = None
    found_at: datetime | None = None
    note: str = ""
    client_uuid: UUID | None = None


@router.get("/schools/{school_id}/confiscations", response=list[ConfiscationOut])
@paginate(Pagination, page_size=50)
def confiscation_list(request, school_id: int):
    school = school_for(request, school_id, Cap.GATE_VIEW)
    return queries.confiscations(user=request.user, school=school)


@router.post(
    "/schools/{school_id}/confiscations", response={201: ConfiscationOut, 200: ConfiscationOut}
)
def confiscation_create(request, school_id: int, payload: ConfiscationIn):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    again = already_saved(Confiscation, payload.client_uuid, school=school)
    data = payload.dict()
    student_id = data.pop("student_id")
    student = student_in(request, school, student_id) if student_id else None
    record = confiscations.record_confiscation(
        actor=request.user, school=school, student=student, **data
    )
    return Status(200 if again else 201, record)
