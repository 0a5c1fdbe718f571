"""Read side of classes and students. Every function takes the viewer and starts from scope."""

from django.db.models import Count, Q

from safecampus.core.access import has_cap, visible_to
from safecampus.core.roles import Cap
from safecampus.students.models import GuardianLetter, SchoolClass, Student


def classes(*, user, school):
    return (
        visible_to(user, SchoolClass, Cap.STUDENT_VIEW)
        .filter(school=school)
        .select_related("head_teacher")
        .annotate(student_count=Count("students", filter=Q(students__is_active=True)))
        .order_by("grade", "name", "pk")
    )


def students(*, user, school, school_class=None, q="", include_inactive=False):
    qs = visible_to(user, Student, Cap.STUDENT_VIEW).filter(school=school)
    if school_class is not None:
        qs = qs.filter(school_class=school_class)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(student_number__icontains=q))
    return qs.select_related("school_class").order_by(
        "school_class__grade", "school_class__name", "student_number", "pk"
    )


def with_guardians(qs):
    return qs.prefetch_related("guardians")


def my_classes(*, user, school):
    """The classes a person may edit: all for leaders, their own for a head teacher."""
    qs = SchoolClass.objects.filter(school=school)
    if has_cap(user, Cap.STUDENT_MANAGE, school):
        return qs.order_by("grade", "name", "pk")
    return qs.filter(head_teacher=user).order_by("grade", "name", "pk")


def record_classes(*, user, school):
    """The classes whose students' full records this person may open, for a list's links:
    `None` for every class (a leader), else the ids of the classes they head (as
    `access.can_see_record` decides for one student)."""
    if has_cap(user, Cap.STUDENT_MANAGE, school):
        return None
    if not has_cap(user, Cap.STUDENT_RECORD, school):
        return frozenset()
    return frozenset(
        SchoolClass.objects.filter(school=school, head_teacher=user).values_list("pk", flat=True)
    )


# Letters to guardians ------------------------------------------------------------------------


def class_for_letters(*, user, school, class_id):
    """The school's class whose guardians are sent letters, or None."""
    return visible_to(user, SchoolClass).filter(school=school, pk=class_id).first()


def class_letter_copies(*, user, school_class):
    return (
        visible_to(user, GuardianLetter)
        .filter(guardian__student__school_class=school_class)
        .select_related("letter", "guardian__student")
        .order_by("letter_id", "guardian__student__student_number", "pk")
    )


def guardian_letter_by_token(token):
    """Public: the copy a guardian's link opens; the random token is the only key."""
    return (
        GuardianLetter.objects.select_related("letter__school", "guardian__student")
        .filter(token=token)
        .first()
    )
