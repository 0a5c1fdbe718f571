"""Gate duty over the API: one row per school, day and session."""

from datetime import date
from uuid import UUID

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import school_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.gate import queries
from safecampus.gate.services import duty

router = Router()


class DutyOut(Schema):
    id: int
    day: date
    session: str
    guards: int
    teachers: int
    police: int
    barriers: bool
    note: str


class DutyIn(Schema):
    day: date
    session: str
    guards: int
    teachers: int
    police: int
    barriers: bool
    note: str = ""
    client_uuid: UUID | None = None


@router.get("/schools/{school_id}/duty", response=list[DutyOut])
@paginate(Pagination, page_size=50)
def duty_list(request, school_id: int):
    school = school_for(request, school_id, Cap.GATE_VIEW)
    return queries.duty_logs(user=request.user, school=school)


@router.post("/schools/{school_id}/duty", response={201: DutyOut, 200: DutyOut})
def duty_record(request, school_id: int, payload: DutyIn):
    """Record (or correct) one session's gate duty: one row per school, day and session."""
    school = school_for(request, school_id, Cap.GATE_DESK)
    existed = queries.duty_logged(
        user=request.user, school=school, day=payload.day, session=payload.session
    )
    log = duty.record_duty(actor=request.user, school=school, **payload.dict())
    return Status(200 if existed else 201, log)
