"""Visits over the API: walk-ins, invitations with a pass, check-in and out, holds."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core import queries as core_queries
from safecampus.core.access import first_or_404, get_visible_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.idempotency import already_saved
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.gate import queries
from safecampus.gate.api.masking import MaskedContactOut
from safecampus.gate.models import IdType, Visit, VisitStatus
from safecampus.gate.services import visits

router = Router()


class VisitOut(MaskedContactOut):
    id: int
    school_id: int
    status: VisitStatus
    name: str
    id_type: IdType
    id_number_masked: str
    phone_masked: str
    organisation: str
    purpose: str
    host_id: int | None
    vehicle_plate: str
    companions: int
    expected_on: date | None
    stay_minutes: int
    checked_in_at: datetime | None
    expected_out_at: datetime | None
    checked_out_at: datetime | None
    watchlist_match: bool
    override_reason: str
    client_uuid: UUID | None

    @staticmethod
    def resolve_watchlist_match(obj):
        return obj.watchlist_entry_id is not None


class VisitIn(Schema):
    name: OneLine
    purpose: str
    id_type: IdType = IdType.RESIDENT
    id_number: str = ""
    phone: str = ""
    organisation: str = ""
    host_id: int | None = None
    vehicle_plate: str = ""
    companions: int = Field(0, ge=0, le=50)
    stay_minutes: int | None = None
    client_uuid: UUID | None = None


class InviteIn(VisitIn):
    expected_on: date


class VisitReasonIn(Schema):
    reason: str = ""


class PassIn(Schema):
    code: str


@router.get("/schools/{school_id}/visits", response=list[VisitOut])
@paginate(Pagination, page_size=50)
def visit_list(request, school_id: int, on_campus: bool = False):
    """The school's visits, newest first; `on_campus=true`: still on campus, overdue first."""
    school = school_for(request, school_id, Cap.GATE_VIEW)
    if on_campus:
        return queries.on_campus(user=request.user, school=school)
    return queries.visits(user=request.user, school=school).order_by("-created_at", "-pk")


def _visit(request, visit_id):
    seen = queries.visits_seen_by(request.user).select_related("school")
    return get_visible_or_404(request.user, Visit, visit_id, queryset=seen)


@router.get("/visits/{visit_id}", response=VisitOut)
def visit_detail(request, visit_id: int):
    return _visit(request, visit_id)


@router.post("/schools/{school_id}/visits", response={201: VisitOut, 200: VisitOut})
def visit_register(request, school_id: int, payload: VisitIn):
    """Register a walk-in visitor. A watchlist match answers with status "held": the visitor is
    not admitted until refused or overridden with a reason."""
    school = school_for(request, school_id, Cap.GATE_DESK)
    again = already_saved(Visit, payload.client_uuid, school=school)
    data = payload.dict()
    host_id = data.pop("host_id")
    host = None
    if host_id is not None:
        host = first_or_404(core_queries.school_people_choices(school).filter(pk=host_id))
    visit = visits.register_visit(actor=request.user, school=school, host=host, **data)
    return Status(200 if again else 201, visit)


@router.post("/schools/{school_id}/visits/invite", response={201: VisitOut, 200: VisitOut})
def visit_invite(request, school_id: int, payload: InviteIn):
    """Pre-register one's own visitor; the answer's visit has a pass (GET /visits/{id}/pass)."""
    school = school_for(request, school_id, Cap.VISIT_HOST)
    again = already_saved(Visit, payload.client_uuid, school=school)
    data = payload.dict()
    data.pop("host_id")
    visit = visits.pre_register(actor=request.user, school=school, **data)
    return Status(200 if again else 201, visit)


@router.get("/visits/{visit_id}/pass")
def visit_pass(request, visit_id: int):
    visit = _visit(request, visit_id)
    return {"code": visit.pass_code, "expected_on": visit.expected_on}


@router.post("/schools/{school_id}/visits/by-pass", response=VisitOut)
def visit_by_pass(request, school_id: int, payload: PassIn):
    """Check in a pre-registered visitor by the pass code (scanned or typed)."""
    school = school_for(request, school_id, Cap.GATE_DESK)
    code = payload.code.strip().upper()
    visit = first_or_404(queries.visit_by_pass(user=request.user, school=school, code=code))
    return visits.check_in_by_pass(actor=request.user, visit=visit)


@router.post("/visits/{visit_id}/check-out", response=VisitOut)
def visit_check_out(request, visit_id: int):
    return visits.check_out(actor=request.user, visit=_visit(request, visit_id))


@router.post("/visits/{visit_id}/undo-check-out", response=VisitOut)
def visit_undo_check_out(request, visit_id: int):
    """Take back a check-out made by mistake: the same person, within a few minutes."""
    return visits.undo_check_out(actor=request.user, visit=_visit(request, visit_id))


@router.post("/visits/{visit_id}/refuse", response=VisitOut)
def visit_refuse(request, visit_id: int, payload: VisitReasonIn):
    return visits.refuse_entry(
        actor=request.user, visit=_visit(request, visit_id), note=payload.reason
    )


@router.post("/visits/{visit_id}/override", response=VisitOut)
def visit_override(request, visit_id: int, payload: VisitReasonIn):
    return visits.override(
        actor=request.user, visit=_visit(request, visit_id), reason=payload.reason
    )
