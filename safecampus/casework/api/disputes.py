"""Disputes over the API: the masked list, the audited full record, recording one and a
mediation."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.casework.models import Ledger
from safecampus.casework.queries import access as access_queries
from safecampus.casework.queries import concerns as concern_queries
from safecampus.casework.queries import disputes as queries
from safecampus.casework.services import access as access_services
from safecampus.casework.services import disputes as services
from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import InvalidFields
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap

router = Router()


class DisputeRowOut(Schema):
    id: int
    parties: list[str] = Field(description="names masked without the ledger's capability")
    type: str
    level: str
    status: str
    found_on: date
    deadline: date
    overdue: bool

    @staticmethod
    def resolve_parties(obj, context):
        user = context["request"].user
        if access_queries.sees_names(user, Ledger.DISPUTE, obj.school):
            return obj.party_lines
        return obj.masked_parties

    @staticmethod
    def resolve_type(obj):
        return obj.type.name

    @staticmethod
    def resolve_level(obj):
        return obj.level.name

    @staticmethod
    def resolve_overdue(obj):
        return obj.status in queries.OPEN and obj.deadline < timezone.localdate()


class DisputeOut(Schema):
    id: int
    school_id: int
    parties: list[str]
    summary: str
    type: str
    level: str
    status: str
    handler_id: int
    found_on: date
    deadline: date
    outcome: str
    basis: str


class DisputeIn(Schema):
    type_id: int = Field(ge=1, le=2**62)
    level_id: int = Field(ge=1, le=2**62)
    parties: str = Field(max_length=4000)
    summary: str = Field(max_length=4000)
    handler_id: int = Field(ge=1, le=2**62)
    found_on: date | None = None


class DisputeMediationIn(Schema):
    note: str = Field(max_length=4000)
    held_on: date | None = None


class DisputeMediationOut(Schema):
    id: int
    held_on: date
    note: str


def _full(dispute, basis):
    return {
        "id": dispute.pk,
        "school_id": dispute.school_id,
        "parties": dispute.party_lines,
        "summary": dispute.summary,
        "type": dispute.type.name,
        "level": dispute.level.name,
        "status": dispute.status,
        "handler_id": dispute.handler_id,
        "found_on": dispute.found_on,
        "deadline": dispute.deadline,
        "outcome": dispute.outcome,
        "basis": basis,
    }


@router.get("/schools/{school_id}/disputes", response=list[DisputeRowOut])
@paginate(Pagination, page_size=50)
def dispute_list(request, school_id: int):
    school = school_for(request, school_id, Cap.CASEWORK_VIEW)
    return queries.disputes(user=request.user, school=school)


@router.get("/disputes/{dispute_id}", response=DisputeOut)
def dispute_detail(request, dispute_id: int):
    """The full record: audited, refused (403) without the ledger's right or an approved
    request."""
    dispute = first_or_404(queries.dispute_of(user=request.user, dispute_id=dispute_id))
    basis = access_services.read_record(actor=request.user, ledger=Ledger.DISPUTE, record=dispute)
    return _full(dispute, basis)


@router.post("/schools/{school_id}/disputes", response={201: DisputeOut})
def dispute_record(request, school_id: int, payload: DisputeIn):
    school = school_for(request, school_id, Cap.DISPUTE_MANAGE)
    data = payload.dict()
    kind = queries.types().filter(pk=data.pop("type_id")).first()
    level = queries.levels().filter(pk=data.pop("level_id")).first()
    if kind is None or level is None:
        raise InvalidFields({"type": _("Choose a type and a level.")})
    handler = concern_queries.responsibles(school).filter(pk=data.pop("handler_id")).first()
    dispute = services.record_dispute(
        actor=request.user, school=school, type=kind, level=level, handler=handler, **data
    )
    basis = access_services.read_record(actor=request.user, ledger=Ledger.DISPUTE, record=dispute)
    return Status(201, _full(dispute, basis))


@router.post("/disputes/{dispute_id}/mediations", response={201: DisputeMediationOut})
def dispute_mediate(request, dispute_id: int, payload: DisputeMediationIn):
    dispute = first_or_404(queries.dispute_of(user=request.user, dispute_id=dispute_id))
    return Status(201, services.mediate(actor=request.user, dispute=dispute, **payload.dict()))
