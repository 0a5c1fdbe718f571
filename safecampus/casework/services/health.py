"""Health notes: the school medic records a student's illness or allergy, what to do in an
emergency and the PE restrictions, with the guardian's written notice; closes a note that no
longer applies. Each action leaves an audit event that names the note, never the student or the
illness."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.casework.models import HealthKind, HealthNote, HealthStatus
from safecampus.casework.services.fields import text
from safecampus.casework.workflow import HEALTH
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import atomic_with_files, store_upload
from safecampus.core.services.permissions import require
from safecampus.students.models import Student

EMERGENCY_MAX = 2000


def _check(problems, student, school, kind, detail, emergency, pe_limits):
    if not isinstance(student, Student) or student.school_id != school.pk:
        problems["student"] = _("Choose a student of this school.")
    if kind not in HealthKind.values:
        problems["kind"] = _("Choose the kind of illness.")
    detail = text(problems, "detail", detail, required_message=_("Say what it is."), limit=300)
    emergency = text(
        problems,
        "emergency",
        emergency,
        required_message=_("Say what staff do in an emergency."),
        limit=EMERGENCY_MAX,
    )
    pe_limits = text(problems, "pe_limits", pe_limits, limit=300)
    return detail, emergency, pe_limits


def _notice(actor, school, notice, problems):
    if not notice:
        return None
    try:
        return store_upload(actor=actor, org=school, upload=notice)
    except DomainError as error:
        problems["notice"] = error.message
        return None


def record_note(*, actor, school, student, kind, detail, emergency, pe_limits="", notice=None):
    """A new note; `notice` is the guardian's written notice (a PDF or a photo of it)."""
    require(actor, Cap.HEALTH_MANAGE, school)
    problems = {}
    detail, emergency, pe_limits = _check(
        problems, student, school, kind, detail, emergency, pe_limits
    )
    if problems:
        raise InvalidFields(problems)
    with atomic_with_files():
        stored = _notice(actor, school, notice, problems)
        if problems:
            raise InvalidFields(problems)
        note = HealthNote.objects.create(
            school=school,
            student=student,
            kind=kind,
            detail=detail,
            emergency=emergency,
            pe_limits=pe_limits,
            notice=stored,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            org=school,
            action="health.record",
            obj=note,
            object_repr=note.reference,
            changes={"kind": kind, "notice": stored is not None},
        )
    return note


def add_notice(*, actor, note, notice):
    """The guardian's written notice, received after the note was made (replaces an older one)."""
    require(actor, Cap.HEALTH_MANAGE, note.school)
    if note.status != HealthStatus.ACTIVE:
        raise DomainError(_("This note is closed."))
    problems = {}
    if not notice:
        raise InvalidFields({"notice": _("Choose the file of the notice.")})
    with atomic_with_files():
        note = HealthNote.objects.select_for_update().select_related("school").get(pk=note.pk)
        stored = _notice(actor, note.school, notice, problems)
        if problems:
            raise InvalidFields(problems)
        note.notice = stored
        note.save(update_fields=["notice"])
        audit.record(
            actor=actor,
            org=note.school,
            action="health.notice",
            obj=note,
            object_repr=note.reference,
            changes={"notice": stored.pk},
        )
    return note


@transaction.atomic
def close_note(*, actor, note):
    """The note no longer applies (or the student left): kept until its retention rule."""
    note = HealthNote.objects.select_for_update().select_related("school").get(pk=note.pk)
    require(actor, Cap.HEALTH_MANAGE, note.school)
    note.status = HEALTH.next_state(note, "close")
    note.closed_on = timezone.localdate()
    note.save(update_fields=["status", "closed_on"])
    audit.record(
        actor=actor,
        org=note.school,
        action="health.close",
        obj=note,
        object_repr=note.reference,
        changes={"status": note.status},
    )
    return note
