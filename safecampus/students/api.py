"""The live roster over the API: a school's rolls, one roll's counts, and a teacher's marks.

A mark carries its client UUID and the phone's time: a repeat answers 200 with the mark held
and writes nothing; a mark older by the phone's clock than the one held is kept out (200)."""

from datetime import datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404, visible_to
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import DomainError
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require_any
from safecampus.students import queries, roster
from safecampus.students.models import MarkStatus, Roll, RollStatus, Student

router = Router(tags=["students"])


class RosterRollOut(Schema):
    id: int
    school_id: int
    label: str
    is_drill: bool
    status: RollStatus
    opened_at: datetime
    closed_at: datetime | None


class ClassCountOut(Schema):
    class_id: int
    name: str
    total: int
    present: int
    missing: int
    injured: int
    absent: int
    unmarked: int


class MissingOut(Schema):
    student_id: int
    name: str
    class_name: str
    status: MarkStatus
    marked_at: datetime


class RollDetailOut(RosterRollOut):
    totals: dict[str, int]
    classes: list[ClassCountOut]
    missing: list[MissingOut]


class RosterMarkIn(Schema):
    student_id: int = Field(ge=1, le=2**31 - 1)
    status: MarkStatus
    note: str = Field("", max_length=200)
    client_uuid: UUID | None = None
    recorded_at: datetime | None = None


class RosterMarkOut(Schema):
    student_id: int
    status: MarkStatus
    marked_at: datetime
    client_uuid: UUID | None
    # False: a replay, or an older mark than the one held (the held one is answered).
    changed: bool


def _roll(request, roll_id):
    roll = first_or_404(visible_to(request.user, Roll).filter(pk=roll_id).select_related("school"))
    require_any(request.user, roll.school, Cap.ROLL_MARK, Cap.ROLL_VIEW)
    return roll


@router.get("/schools/{school_id}/rolls", response=list[RosterRollOut])
@paginate(Pagination, page_size=50)
def roll_list(request, school_id: int):
    school = school_for(request, school_id, None)
    require_any(request.user, school, Cap.ROLL_MARK, Cap.ROLL_VIEW)
    return queries.rolls(user=request.user, school=school)


@router.get("/rolls/{roll_id}", response=RollDetailOut)
def roll_detail(request, roll_id: int):
    """The roll with its live counts per class (missing first) and who is missing or injured."""
    roll = _roll(request, roll_id)
    require_any(request.user, roll.school, Cap.ROLL_VIEW)
    rows = queries.class_counts(roll)
    roll.totals = queries.school_counts(rows)
    roll.classes = [
        {
            "class_id": r.pk,
            **{k: getattr(r, k) for k in ClassCountOut.model_fields if k != "class_id"},
        }
        for r in rows
    ]
    roll.missing = [
        {
            "student_id": m.student_id,
            "name": m.student.name,
            "class_name": m.student.school_class.name,
            "status": m.status,
            "marked_at": m.marked_at,
        }
        for m in queries.missing_first(roll)[:500]
    ]
    return roll


@router.post("/rolls/{roll_id}/marks", response={201: RosterMarkOut, 200: RosterMarkOut})
def roll_mark(request, roll_id: int, payload: RosterMarkIn):
    roll = _roll(request, roll_id)
    student = Student.objects.filter(school=roll.school_id, pk=payload.student_id).first()
    if student is None:
        raise DomainError(_("This student is not on the school's roll."))
    row, changed = roster.mark(
        actor=request.user,
        roll=roll,
        student=student,
        status=payload.status,
        note=payload.note,
        client_uuid=payload.client_uuid,
        recorded_at=payload.recorded_at,
    )
    row.changed = changed
    return Status(201 if changed else 200, row)


@router.post("/rolls/{roll_id}/close", response=RosterRollOut)
def roll_close(request, roll_id: int):
    return roster.close_roll(actor=request.user, roll=_roll(request, roll_id))
