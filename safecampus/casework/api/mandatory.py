"""Mandatory reports over the API: the masked log, the audited full record, logging one (the
police liaison and the bureau are told at once)."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.casework.models import Ledger
from safecampus.casework.queries import access as access_queries
from safecampus.casework.queries import concerns as concern_queries
from safecampus.casework.queries import mandatory as queries
from safecampus.casework.services import access as access_services
from safecampus.casework.services import mandatory as services
from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import InvalidFields
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap

router = Router()


class MandatoryRowOut(Schema):
    id: int
    subject: str = Field(description="masked without the ledger's capability")
    trigger: str
    status: str
    learned_at: datetime
    report_by: datetime
    reported_at: datetime | None
    on_time: bool | None

    @staticmethod
    def resolve_subject(obj, context):
        if access_queries.sees_names(context["request"].user, Ledger.MANDATORY, obj.school):
            return obj.subject
        return obj.masked_subject

    @staticmethod
    def resolve_trigger(obj):
        return obj.trigger.name


class MandatoryOut(Schema):
    id: int
    school_id: int
    trigger: str
    subject: str
    summary: str
    status: str
    handler_id: int
    learned_at: datetime
    report_by: datetime
    reported_at: datetime | None
    reported_to: str
    receipt: str
    on_time: bool | None
    outcome: str
    basis: str


class MandatoryIn(Schema):
    trigger_id: int = Field(ge=1, le=2**62)
    subject: str = Field(max_length=80)
    summary: str = Field(max_length=4000)
    handler_id: int = Field(ge=1, le=2**62)
    learned_at: datetime | None = None


def _full(report, basis):
    return {
        **{
            name: getattr(report, name)
            for name in (
                "school_id",
                "subject",
                "summary",
                "status",
                "handler_id",
                "learned_at",
                "report_by",
                "reported_at",
                "reported_to",
                "receipt",
                "on_time",
                "outcome",
            )
        },
        "id": report.pk,
        "trigger": report.trigger.name,
        "basis": basis,
    }


@router.get("/schools/{school_id}/mandatory-reports", response=list[MandatoryRowOut])
@paginate(Pagination, page_size=50)
def mandatory_list(request, school_id: int):
    school = school_for(request, school_id, Cap.CASEWORK_VIEW)
    return queries.reports(user=request.user, school=school)


@router.get("/mandatory-reports/{report_id}", response=MandatoryOut)
def mandatory_detail(request, report_id: int):
    """The full record: audited, refused (403) without the ledger's right or an approved
    request."""
    report = first_or_404(queries.report_of(user=request.user, report_id=report_id))
    basis = access_services.read_record(actor=request.user, ledger=Ledger.MANDATORY, record=report)
    return _full(report, basis)


@router.post("/schools/{school_id}/mandatory-reports", response={201: MandatoryOut})
def mandatory_log(request, school_id: int, payload: MandatoryIn):
    school = school_for(request, school_id, Cap.MANDATORY_MANAGE)
    data = payload.dict()
    trigger = queries.triggers().filter(pk=data.pop("trigger_id")).first()
    handler = concern_queries.responsibles(school).filter(pk=data.pop("handler_id")).first()
    if trigger is None or handler is None:
        raise InvalidFields({"trigger": _("Choose what was found and who handles it.")})
    report = services.log_report(
        actor=request.user, school=school, trigger=trigger, handler=handler, **data
    )
    basis = access_services.read_record(actor=request.user, ledger=Ledger.MANDATORY, record=report)
    return Status(201, _full(report, basis))
