"""Exit permits over the API: issued or requested, approved, used at the gate."""

from datetime import datetime
from uuid import UUID

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import get_visible_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.idempotency import already_saved
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.gate import queries
from safecampus.gate.api.students import student_in
from safecampus.gate.models import ExitPermit, ExitStatus
from safecampus.gate.services import exits

router = Router()


class ExitOut(Schema):
    id: int
    student_id: int
    status: ExitStatus
    reason: str
    leave_from: datetime
    return_by: datetime | None
    accompanying_adult: str
    exited_at: datetime | None
    returned_at: datetime | None
    usable_now: bool
    client_uuid: UUID | None

    @staticmethod
    def resolve_usable_now(obj):
        return exits.usable_now(obj)


class ExitIn(Schema):
    student_id: int
    reason: str
    leave_from: datetime
    return_by: datetime | None = None
    accompanying_adult: str = ""
    request: bool = False
    client_uuid: UUID | None = None


@router.get("/schools/{school_id}/exit-permits", response=list[ExitOut])
@paginate(Pagination, page_size=50)
def exit_list(request, school_id: int):
    school = school_for(request, school_id, Cap.GATE_VIEW)
    return queries.exits(user=request.user, school=school).order_by("-leave_from", "-pk")


@router.post("/schools/{school_id}/exit-permits", response={201: ExitOut, 200: ExitOut})
def exit_create(request, school_id: int, payload: ExitIn):
    """Issue a permit (head teacher of the class, or leaders), or `request=true` for others."""
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    again = already_saved(ExitPermit, payload.client_uuid, school=school)
    data = payload.dict()
    student = student_in(request, school, data.pop("student_id"))
    permit = exits.issue_permit(actor=request.user, student=student, **data)
    return Status(200 if again else 201, permit)


def _permit(request, permit_id):
    seen = queries.permits_seen_by(request.user).select_related(
        "school", "student__school_class", "student__school"
    )
    return get_visible_or_404(request.user, ExitPermit, permit_id, queryset=seen)


EXIT_ACTIONS = {
    "approve": exits.approve_permit,
    "cancel": exits.cancel_permit,
    "out": exits.record_exit,
    "return": exits.record_return,
}


@router.post("/exit-permits/{permit_id}/{action}", response=ExitOut)
def exit_act(request, permit_id: int, action: str):
    """approve / cancel (head teacher), out / return (gate desk)."""
    service = EXIT_ACTIONS.get(action)
    if service is None:
        raise Http404
    return service(actor=request.user, permit=_permit(request, permit_id))
