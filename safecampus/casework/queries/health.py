"""Read side of the health notes: the PE teacher and the medic read every note of the school,
the head teacher only those of their own classes' students; nobody else reads any."""

from django.db.models import Count, Q

from safecampus.casework.models import HealthNote, HealthStatus
from safecampus.core.access import has_cap, visible_to
from safecampus.core.roles import Cap
from safecampus.students.models import SchoolClass, Student


def may_list(user, school):
    return has_cap(user, Cap.HEALTH_VIEW, school) or has_cap(user, Cap.HEALTH_CLASS, school)


def _readable(user, school):
    if has_cap(user, Cap.HEALTH_VIEW, school):
        return visible_to(user, HealthNote, Cap.HEALTH_VIEW).filter(school=school)
    if has_cap(user, Cap.HEALTH_CLASS, school):
        return visible_to(user, HealthNote, Cap.HEALTH_CLASS).filter(
            school=school, student__school_class__head_teacher=user
        )
    return HealthNote.objects.none()


def notes(*, user, school, kind="", status=HealthStatus.ACTIVE, school_class=None, pe_only=False):
    qs = _readable(user, school)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if school_class is not None:
        qs = qs.filter(student__school_class=school_class)
    if pe_only:
        qs = qs.exclude(pe_limits="")
    return qs.select_related("school", "student__school_class", "notice").order_by(
        "student__school_class__grade", "student__school_class__name", "student__name", "pk"
    )


def note_of(*, user, note_id):
    """One note, if this person may read it: a 404 for everyone else (no masked page)."""
    note = (
        HealthNote.objects.select_related("school", "student__school_class", "notice", "created_by")
        .filter(pk=note_id)
        .first()
    )
    if note is None:
        return HealthNote.objects.none()
    return (
        _readable(user, note.school)
        .select_related("school", "student__school_class", "notice", "created_by")
        .filter(pk=note_id)
    )


def counts(*, user, school):
    return _readable(user, school).aggregate(
        active=Count("pk", filter=Q(status=HealthStatus.ACTIVE)),
        pe=Count("pk", filter=Q(status=HealthStatus.ACTIVE) & ~Q(pe_limits="")),
    )


def classes(*, user, school):
    """The classes a list may be narrowed to: the head teacher's own, else all."""
    qs = SchoolClass.objects.filter(school=school)
    if not has_cap(user, Cap.HEALTH_VIEW, school):
        qs = qs.filter(head_teacher=user)
    return qs.order_by("grade", "name", "pk")


def students(school):
    """Whom the medic may write a note about: the school's students."""
    return Student.objects.filter(school=school, is_active=True).select_related("school_class")
