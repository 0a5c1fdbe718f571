"""Access requests over the API: asking for one record, the school's requests, deciding."""

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.casework.models import Ledger
from safecampus.casework.queries import access as queries
from safecampus.casework.queries import concerns as concern_queries
from safecampus.casework.services import access as services
from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap

router = Router()


class AccessGrantOut(Schema):
    id: int
    school_id: int
    ledger: str
    record_id: int
    requested_by_id: int
    reason: str
    status: str
    requested_at: datetime
    decided_by_id: int | None
    decided_at: datetime | None
    expires_at: datetime | None


class AccessRequestIn(Schema):
    reason: str = Field(max_length=services.REASON_MAX)


class AccessDecideIn(Schema):
    action: str = Field(pattern="^(approve|refuse|withdraw|revoke)$")
    note: str = Field("", max_length=300)


@router.post("/concerns/{concern_id}/access-requests", response={201: AccessGrantOut})
def request_concern(request, concern_id: int, payload: AccessRequestIn):
    """Ask the person in charge for access to one person of concern's record, with a reason."""
    concern = first_or_404(concern_queries.concern_of(user=request.user, concern_id=concern_id))
    grant = services.request_access(
        actor=request.user, ledger=Ledger.CONCERN, record=concern, reason=payload.reason
    )
    return Status(201, grant)


@router.get("/schools/{school_id}/access-requests", response=list[AccessGrantOut])
@paginate(Pagination, page_size=50)
def request_list(request, school_id: int):
    """The school's requests: all for the person in charge, one's own for anyone else."""
    school = school_for(request, school_id, Cap.CASEWORK_VIEW)
    return queries.requests(user=request.user, school=school)


@router.post("/access-requests/{grant_id}/decide", response=AccessGrantOut)
def decide(request, grant_id: int, payload: AccessDecideIn):
    grant = first_or_404(queries.request_of(user=request.user, grant_id=grant_id))
    return services.decide(
        actor=request.user, grant=grant, action=payload.action, note=payload.note
    )
