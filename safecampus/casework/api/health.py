"""Health notes over the API: the school's notes for the head teacher (own classes), the PE
teacher and the medic; one note in full (audited). Everyone else: 403 on the list, 404 on a
note. Recording stays on the page, where the guardian's notice is uploaded."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from safecampus.casework.models import HealthKind, Ledger
from safecampus.casework.queries import health as queries
from safecampus.casework.services import access as access_services
from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import PermissionRefused
from safecampus.core.pagination import Pagination

router = Router()


class HealthRowOut(Schema):
    id: int
    student: str
    school_class: str
    kind: str
    detail: str
    emergency: str
    pe_limits: str
    status: str

    @staticmethod
    def resolve_student(obj):
        return obj.student.name if obj.student_id else ""

    @staticmethod
    def resolve_school_class(obj):
        return str(obj.student.school_class) if obj.student_id else ""


class HealthOut(Schema):
    id: int
    student: str
    school_class: str
    kind: str
    detail: str
    emergency: str
    pe_limits: str
    status: str
    school_id: int
    has_notice: bool
    created_at: date
    closed_on: date | None
    basis: str


def _full(note, basis):
    return {
        "id": note.pk,
        "school_id": note.school_id,
        "student": note.student.name if note.student_id else "",
        "school_class": str(note.student.school_class) if note.student_id else "",
        "kind": note.kind,
        "detail": note.detail,
        "emergency": note.emergency,
        "pe_limits": note.pe_limits,
        "status": note.status,
        "has_notice": note.notice_id is not None,
        "created_at": note.created_at.date(),
        "closed_on": note.closed_on,
        "basis": basis,
    }


@router.get("/schools/{school_id}/health-notes", response=list[HealthRowOut])
@paginate(Pagination, page_size=50)
def health_list(
    request,
    school_id: int,
    kind: HealthKind | None = None,
    pe_only: bool = False,
):
    """Notes in force: every one for the PE teacher and the medic, the head teacher's own
    classes' (403 for anyone else)."""
    school = school_for(request, school_id, None)
    if not queries.may_list(request.user, school):
        raise PermissionRefused(_("You may not read health notes."))
    return queries.notes(user=request.user, school=school, kind=kind or "", pe_only=pe_only)


@router.get("/health-notes/{note_id}", response=HealthOut)
def health_detail(request, note_id: int):
    note = first_or_404(queries.note_of(user=request.user, note_id=note_id))
    basis = access_services.read_record(actor=request.user, ledger=Ledger.HEALTH, record=note)
    return _full(note, basis)
