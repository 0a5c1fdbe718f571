"""Persons of concern over the API: the masked list, the audited full record, opening a case
and recording a follow-up."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.casework.models import Ledger, SubjectKind
from safecampus.casework.queries import access as access_queries
from safecampus.casework.queries import concerns as queries
from safecampus.casework.services import access as access_services
from safecampus.casework.services import concerns as services
from safecampus.core.access import first_or_404, get_school_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import InvalidFields
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require_any
from safecampus.students.models import Student

router = Router()


class ConcernRowOut(Schema):
    id: int
    name: str = Field(description="masked (张**) without the ledger's capability")
    subject_kind: str
    category: str
    risk_level: str
    status: str
    flagged: bool
    opened_on: date
    next_due: date | None
    overdue: bool

    @staticmethod
    def resolve_name(obj, context):
        user = context["request"].user
        if access_queries.sees_names(user, Ledger.CONCERN, obj.school):
            return obj.name
        return obj.masked_name

    @staticmethod
    def resolve_category(obj):
        return obj.category.name


class ConcernOut(Schema):
    id: int
    school_id: int
    name: str
    id_number: str
    subject_kind: str
    student_id: int | None
    category: str
    psych_risk: int | None
    risk_level: str
    assessment: str
    measures: str
    responsible_id: int
    status: str
    flagged: bool
    opened_on: date
    closed_on: date | None
    basis: str = Field(description="why the caller may read it: keeper, responsible, police, grant")


class ConcernIn(Schema):
    subject_kind: str
    student_number: OneLine = ""
    staff_id: int | None = Field(None, ge=1, le=2**62)
    name: OneLine = ""
    id_number: OneLine = ""
    category_id: int = Field(ge=1, le=2**62)
    risk_level: str
    psych_risk: int | None = Field(None, ge=0, le=5)
    responsible_id: int = Field(ge=1, le=2**62)
    assessment: str = Field("", max_length=4000)
    measures: str = Field("", max_length=4000)


class ConcernFollowUpIn(Schema):
    note: str = Field(max_length=4000)
    next_due: date | None = None


class ConcernFollowUpOut(Schema):
    id: int
    due_on: date
    note: str


@router.get("/schools/{school_id}/concerns", response=list[ConcernRowOut])
@paginate(Pagination, page_size=50)
def concern_list(request, school_id: int):
    """The school's persons of concern the caller may know of, names masked without the
    ledger's capability."""
    school = get_school_or_404(request.user, school_id)
    require_any(request.user, school, Cap.CASEWORK_VIEW, Cap.CONCERN_FLAGGED)
    return queries.concerns(user=request.user, school=school)


def _full(concern, basis):
    return {
        **{
            f: getattr(concern, f)
            for f in (
                "id", "school_id", "name", "id_number", "subject_kind", "student_id",
                "psych_risk", "risk_level", "assessment", "measures", "responsible_id",
                "status", "flagged", "opened_on", "closed_on",
            )
        },
        "category": concern.category.name,
        "basis": basis,
    }  # fmt: skip


@router.get("/concerns/{concern_id}", response=ConcernOut)
def concern_detail(request, concern_id: int):
    """The full record: audited, refused (403) without the ledger's right or an approved
    request."""
    concern = first_or_404(queries.concern_of(user=request.user, concern_id=concern_id))
    basis = access_services.read_record(actor=request.user, ledger=Ledger.CONCERN, record=concern)
    return _full(concern, basis)


@router.post("/schools/{school_id}/concerns", response={201: ConcernOut})
def concern_open(request, school_id: int, payload: ConcernIn):
    school = school_for(request, school_id, Cap.CONCERN_MANAGE)
    data = payload.dict()
    people = queries.staff_of(school)
    category = queries.categories().filter(pk=data.pop("category_id")).first()
    if category is None:
        raise InvalidFields({"category": _("Choose a category.")})
    student = None
    number = data.pop("student_number")
    if data["subject_kind"] == SubjectKind.STUDENT:
        student = Student.objects.filter(
            school=school, student_number=number, is_active=True
        ).first()
    staff_id = data.pop("staff_id")
    staff = people.filter(pk=staff_id).first() if staff_id else None
    responsible = queries.responsibles(school).filter(pk=data.pop("responsible_id")).first()
    concern = services.open_concern(
        actor=request.user,
        school=school,
        category=category,
        student=student,
        staff=staff,
        responsible=responsible,
        **data,
    )
    basis = access_services.read_record(actor=request.user, ledger=Ledger.CONCERN, record=concern)
    return Status(201, _full(concern, basis))


@router.post("/concerns/{concern_id}/follow-ups", response={201: ConcernFollowUpOut})
def concern_follow_up(request, concern_id: int, payload: ConcernFollowUpIn):
    concern = first_or_404(queries.concern_of(user=request.user, concern_id=concern_id))
    done = services.follow_up(actor=request.user, concern=concern, **payload.dict())
    return Status(201, done)
