"""Guardians' concerns: the school's list (a leader every class's, a head teacher their own
classes'), one concern, and a guardian's own concerns about one child."""

from safecampus.core.access import visible_to
from safecampus.core.roles import Cap
from safecampus.education.access import own_classes_only
from safecampus.education.models import Concern, ConcernStatus


def concerns(user, school, status=ConcernStatus.OPEN):
    """The concerns `user` answers at `school` in `status` (None: all), newest first."""
    rows = visible_to(user, Concern, Cap.EDUCATION_RECORD).filter(school=school)
    if own_classes_only(user, school):
        rows = rows.filter(student__school_class__head_teacher=user)
    if status is not None:
        rows = rows.filter(status=status)
    return rows.select_related("student__school_class", "answered_by").order_by(
        "-created_at", "-pk"
    )


def of_child(account, student):
    """A guardian's concerns about one child (the 20 newest)."""
    return Concern.objects.filter(account=account, student=student).order_by("-created_at", "-pk")[
        :20
    ]


def concern_of(account, concern_id):
    """One of the guardian's concerns, or None (another family's is the same as none)."""
    return (
        Concern.objects.filter(pk=concern_id, account=account)
        .select_related("student__school_class", "school")
        .first()
    )
