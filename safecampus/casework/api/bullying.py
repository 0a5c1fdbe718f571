"""Bullying cases over the API: the masked list, the audited full record with its messages,
recording a report made to staff, a message to the anonymous reporter. The tip line itself is
a page only: no account, rate-limited."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.casework.models import Ledger
from safecampus.casework.queries import access as access_queries
from safecampus.casework.queries import bullying as queries
from safecampus.casework.queries import concerns as concern_queries
from safecampus.casework.services import access as access_services
from safecampus.casework.services import bullying as services
from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import InvalidFields
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap

router = Router()


class BullyingRowOut(Schema):
    id: int
    parties: list[str] = Field(description="names masked without the ledger's capability")
    act: str
    channel: str
    status: str
    severity: str
    received_at: datetime
    late: bool

    @staticmethod
    def resolve_parties(obj, context):
        if access_queries.sees_names(context["request"].user, Ledger.BULLYING, obj.school):
            return obj.party_lines
        return obj.masked_parties

    @staticmethod
    def resolve_late(obj):
        return queries.late_limit(obj) is not None


class BullyingMessageOut(Schema):
    id: int
    from_reporter: bool
    body: str
    created_at: datetime


class BullyingOut(Schema):
    id: int
    school_id: int
    channel: str
    reporter: str
    act: str
    parties: list[str]
    summary: str
    happened: str
    status: str
    handler_id: int | None
    accept_by: date
    investigate_by: date | None
    is_bullying: bool | None
    severity: str
    finding: str
    measures: str
    reported_onward_at: datetime | None
    appeal_by: date | None
    review_by: date | None
    closed_on: date | None
    messages: list[BullyingMessageOut]
    basis: str


class BullyingIn(Schema):
    channel: str = Field(max_length=10)
    reporter: str = Field("", max_length=200)
    act: str = Field(max_length=12)
    summary: str = Field(max_length=4000)
    happened: str = Field("", max_length=200)
    parties: str = Field("", max_length=4000)
    handler_id: int = Field(ge=1, le=2**62)


class BullyingReplyIn(Schema):
    body: str = Field(max_length=2000)


def _full(case, basis):
    return {
        **{
            name: getattr(case, name)
            for name in (
                "channel",
                "reporter",
                "act",
                "summary",
                "happened",
                "status",
                "handler_id",
                "accept_by",
                "investigate_by",
                "is_bullying",
                "severity",
                "finding",
                "measures",
                "reported_onward_at",
                "appeal_by",
                "review_by",
                "closed_on",
                "school_id",
            )
        },
        "id": case.pk,
        "parties": case.party_lines,
        "messages": list(queries.messages(case)),
        "basis": basis,
    }


@router.get("/schools/{school_id}/bullying", response=list[BullyingRowOut])
@paginate(Pagination, page_size=50)
def bullying_list(request, school_id: int):
    school = school_for(request, school_id, Cap.CASEWORK_VIEW)
    return queries.cases(user=request.user, school=school)


@router.get("/bullying/{case_id}", response=BullyingOut)
def bullying_detail(request, case_id: int):
    """The full record: audited, refused (403) without the ledger's right, the handling, or an
    approved request."""
    case = first_or_404(queries.case_of(user=request.user, case_id=case_id))
    basis = access_services.read_record(actor=request.user, ledger=Ledger.BULLYING, record=case)
    return _full(case, basis)


@router.post("/schools/{school_id}/bullying", response={201: BullyingOut})
def bullying_record(request, school_id: int, payload: BullyingIn):
    school = school_for(request, school_id, Cap.BULLYING_MANAGE)
    data = payload.dict()
    handler = concern_queries.responsibles(school).filter(pk=data.pop("handler_id")).first()
    if handler is None:
        raise InvalidFields({"handler": _("Choose who handles it.")})
    case = services.record_case(actor=request.user, school=school, handler=handler, **data)
    basis = access_services.read_record(actor=request.user, ledger=Ledger.BULLYING, record=case)
    return Status(201, _full(case, basis))


@router.post("/bullying/{case_id}/messages", response={201: BullyingMessageOut})
def bullying_reply(request, case_id: int, payload: BullyingReplyIn):
    case = first_or_404(queries.case_of(user=request.user, case_id=case_id))
    return Status(201, services.reply(actor=request.user, case=case, body=payload.body))
