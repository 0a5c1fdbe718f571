"""Pick-up persons proposed by guardians, over the API for the school: the list to decide on,
confirm, refuse with a reason. (Guardians use their phone pages; their session reaches no API.)"""

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.gate import queries
from safecampus.gate.services import proposals

router = Router()


class ProposalOut(Schema):
    id: int
    student_id: int
    student_name: str = Field(alias="student.name")
    proposed_by: str
    name: str
    relation: str
    phone_masked: str = Field(alias="masked_phone")
    photo_id: int | None
    status: str
    reason: str
    created_at: datetime
    decided_at: datetime | None
    person_id: int | None


class RefuseIn(Schema):
    reason: str = Field(min_length=1, max_length=200)


def _proposal(request, school_id, proposal_id):
    school = school_for(request, school_id, Cap.PICKUP_MANAGE)
    rows = queries.pickup_proposals(user=request.user, school=school, waiting=None)
    return first_or_404(rows.filter(pk=proposal_id))


@router.get("/schools/{school_id}/pickup-proposals", response=list[ProposalOut])
@paginate(Pagination)
def proposal_list(request, school_id: int, show: Literal["waiting", "decided"] = "waiting"):
    school = school_for(request, school_id, Cap.PICKUP_MANAGE)
    return queries.pickup_proposals(user=request.user, school=school, waiting=show == "waiting")


@router.post("/schools/{school_id}/pickup-proposals/{proposal_id}/confirm", response=ProposalOut)
def proposal_confirm(request, school_id: int, proposal_id: int):
    proposal = _proposal(request, school_id, proposal_id)
    return proposals.confirm(actor=request.user, proposal=proposal)


@router.post("/schools/{school_id}/pickup-proposals/{proposal_id}/refuse", response=ProposalOut)
def proposal_refuse(request, school_id: int, proposal_id: int, payload: RefuseIn):
    proposal = _proposal(request, school_id, proposal_id)
    return proposals.refuse(actor=request.user, proposal=proposal, reason=payload.reason)
