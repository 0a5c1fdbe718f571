"""Off-campus activities over the API: the school's list, one activity with its roll, the
request, submit, the principal's decision, and the roll call out and back (each tap with a
client UUID: a repeat answers 200 with the first mark and writes nothing)."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import already_saved
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.students.models import Student
from safecampus.transport.models import MarkKind, OutingKind, OutingMark, OutingStatus
from safecampus.transport.queries import outings as queries
from safecampus.transport.services import outings as services

router = Router()

ID = Field(ge=1, le=2**31 - 1)
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]


def _aware(moment):
    """A time sent without its offset is read in the school's time zone."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class OutingOut(Schema):
    id: int
    school_id: int
    kind: OutingKind
    title: str
    destination: str
    starts_at: datetime
    ends_at: datetime
    status: OutingStatus
    insurance: str
    requested_by: str
    decided_at: datetime | None
    decision_note: str
    alerted_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_requested_by(obj):
        return str(obj.requested_by)


class OutingRollOut(Schema):
    student_id: int
    name: str
    state: str


class OutingDetailOut(OutingOut):
    plan: str
    security_plan: str
    staff: list[str]
    problems: list[str]
    roll: list[OutingRollOut]

    @staticmethod
    def resolve_staff(obj):
        return [str(p) for p in obj.staff.all()]

    @staticmethod
    def resolve_problems(obj):
        if obj.status != OutingStatus.DRAFT:
            return []
        return [str(p) for p in services.submission_problems(obj)]

    @staticmethod
    def resolve_roll(obj):
        return [
            {"student_id": row.student.pk, "name": row.student.name, "state": row.state}
            for row in queries.roll(obj)
        ]


class OutingIn(Schema):
    kind: OutingKind
    title: str = Field(max_length=120)
    destination: str = Field(max_length=200)
    starts_at: datetime
    ends_at: datetime
    plan: str = Field("", max_length=8000)
    security_plan: str = Field("", max_length=8000)
    insurance: str = Field("", max_length=200)
    student_ids: list[RowId] = Field(default_factory=list, max_length=2000)
    staff_ids: list[RowId] = Field(default_factory=list, max_length=100)


class OutingDecisionIn(Schema):
    note: str = Field("", max_length=2000)


class OutingMarkIn(Schema):
    student_id: int = ID
    kind: MarkKind
    note: str = Field("", max_length=200)
    client_uuid: UUID | None = None


class OutingMarkOut(Schema):
    id: int
    outing_id: int
    student_id: int
    kind: MarkKind
    at: datetime


def _outing(request, school_id, outing_id):
    school = school_for(request, school_id, Cap.OUTING_REQUEST)
    return first_or_404(queries.outing_for(request.user, school, outing_id))


@router.get("/schools/{school_id}/outings", response=list[OutingOut])
@paginate(Pagination, page_size=50)
def outing_list(request, school_id: int, status: OutingStatus | None = None):
    school = school_for(request, school_id, Cap.OUTING_REQUEST)
    rows = queries.outings(user=request.user, school=school)
    return rows.filter(status=status) if status else rows


@router.get("/schools/{school_id}/outings/{outing_id}", response=OutingDetailOut)
def outing_detail(request, school_id: int, outing_id: int):
    return _outing(request, school_id, outing_id)


@router.post("/schools/{school_id}/outings", response={201: OutingDetailOut})
def outing_request(request, school_id: int, payload: OutingIn):
    """A draft request; the detail's `problems` say what keeps it from being submitted."""
    school = school_for(request, school_id, Cap.OUTING_REQUEST)
    students = list(Student.objects.filter(school=school, pk__in=payload.student_ids))
    if len(students) != len(set(payload.student_ids)):
        raise DomainError(_("Choose students of this school."))
    staff = list(queries.staff_choices(school).filter(pk__in=payload.staff_ids))
    if len(staff) != len(set(payload.staff_ids)):
        raise DomainError(_("Choose accompanying staff among the school's members."))
    data = payload.dict(exclude={"student_ids", "staff_ids"})
    data["starts_at"], data["ends_at"] = _aware(data["starts_at"]), _aware(data["ends_at"])
    outing = services.request_outing(
        actor=request.user, school=school, students=students, staff=staff, **data
    )
    return Status(201, outing)


@router.post("/schools/{school_id}/outings/{outing_id}/submit", response=OutingOut)
def outing_submit(request, school_id: int, outing_id: int):
    outing = _outing(request, school_id, outing_id)
    return services.submit_outing(actor=request.user, outing=outing)


@router.post("/schools/{school_id}/outings/{outing_id}/approve", response=OutingOut)
def outing_approve(request, school_id: int, outing_id: int, payload: OutingDecisionIn):
    outing = _outing(request, school_id, outing_id)
    return services.decide_outing(
        actor=request.user, outing=outing, approve=True, note=payload.note
    )


@router.post("/schools/{school_id}/outings/{outing_id}/send-back", response=OutingOut)
def outing_send_back(request, school_id: int, outing_id: int, payload: OutingDecisionIn):
    """Back to the draft; the note (required) says what to change."""
    outing = _outing(request, school_id, outing_id)
    return services.decide_outing(
        actor=request.user, outing=outing, approve=False, note=payload.note
    )


@router.post(
    "/schools/{school_id}/outings/{outing_id}/marks",
    response={201: OutingMarkOut, 200: OutingMarkOut},
)
def outing_mark(request, school_id: int, outing_id: int, payload: OutingMarkIn):
    """One tap out (board, absent) or back (alight, account with a note)."""
    outing = _outing(request, school_id, outing_id)
    replay = already_saved(OutingMark, payload.client_uuid, outing=outing)
    student = Student.objects.filter(school=outing.school_id, pk=payload.student_id).first()
    if student is None:
        raise DomainError(_("This student is not on the activity's list."))
    row = services.mark_outing(
        actor=request.user,
        outing=outing,
        student=student,
        kind=payload.kind,
        note=payload.note,
        client_uuid=payload.client_uuid,
    )
    return Status(200 if replay else 201, row)


@router.post("/schools/{school_id}/outings/{outing_id}/return", response=OutingOut)
def outing_return(request, school_id: int, outing_id: int):
    """Back at school: closed, or with a student not back it stays open (unaccounted) and the
    safety officers are alerted once."""
    return services.return_outing(actor=request.user, outing=_outing(request, school_id, outing_id))


@router.post("/schools/{school_id}/outings/{outing_id}/close", response=OutingOut)
def outing_close(request, school_id: int, outing_id: int):
    return services.close_outing(actor=request.user, outing=_outing(request, school_id, outing_id))
