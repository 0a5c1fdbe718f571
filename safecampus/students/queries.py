"""Read side of classes and students. Every function takes the viewer and starts from scope."""

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from safecampus.core.access import has_cap, visible_to
from safecampus.core.roles import Cap
from safecampus.students.models import (
    GuardianLetter,
    MarkStatus,
    Roll,
    RollMark,
    RollStatus,
    SchoolClass,
    Student,
)


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


# The roster during an alarm or an evacuation drill ---------------------------------------------


def rolls(*, user, school):
    """The school's rolls, open first, for anyone who marks or reads them there."""
    return (
        visible_to(user, Roll)
        .filter(school=school)
        .order_by(Case(When(status=RollStatus.OPEN, then=0), default=1), "-opened_at", "-pk")
    )


def roll_for(user, school, roll_id):
    return visible_to(user, Roll).filter(school=school, pk=roll_id).select_related("school")


def _counted(prefix, on_roll):
    """present, missing, injured and absent as Count()s over marks reached by `prefix`."""
    return {
        status: Count(prefix, filter=on_roll & Q(**{f"{prefix}__status": status}))
        for status in MarkStatus.values
    }


def class_counts(roll):
    """Each class of the school with its enrolled students and their marks on the roll, in one
    GROUP BY: the classes with missing students first, then injured, then the most unmarked."""
    marks = "students__roll_marks"
    on_roll = Q(**{f"{marks}__roll": roll}, students__is_active=True)
    rows = list(
        SchoolClass.objects.filter(school_id=roll.school_id)
        .select_related("head_teacher")
        .annotate(
            total=Count("students", filter=Q(students__is_active=True), distinct=True),
            **_counted(marks, on_roll),
        )
        .order_by("grade", "name", "pk")
    )
    for row in rows:
        row.marked = sum(getattr(row, s) for s in MarkStatus.values)
        row.unmarked = max(row.total - row.marked, 0)
    rows.sort(key=lambda r: (-r.missing, -r.injured, -r.unmarked))
    return rows


def school_counts(rows):
    """The school's totals, summed from its classes' rows (no query)."""
    keys = ["total", "unmarked", *MarkStatus.values]
    return {key: sum(getattr(row, key) for row in rows) for key in keys}


def missing_first(roll):
    """The students marked missing, then injured, with their class: who to look for."""
    return (
        RollMark.objects.filter(roll=roll, status__in=[MarkStatus.MISSING, MarkStatus.INJURED])
        .select_related("student__school_class", "marked_by")
        .order_by(
            Case(When(status=MarkStatus.MISSING, then=0), default=1),
            "student__school_class__grade",
            "student__school_class__name",
            "student__name",
            "pk",
        )
    )


def class_roll(roll, school_class):
    """The students of one class, each with their mark on the roll (None while unmarked)."""
    students = list(
        Student.objects.filter(school_class=school_class, is_active=True).order_by(
            "student_number", "pk"
        )
    )
    marks = {
        m.student_id: m
        for m in RollMark.objects.filter(roll=roll, student__school_class=school_class)
    }
    for student in students:
        student.roll_mark = marks.get(student.pk)
    return students


def rolls_under(*, user, org):
    """The rolls of every school under `org` a person may read, open first, each with the
    school's enrolled students and its marks counted: one query whatever the schools."""
    enrolled = (
        Student.objects.filter(school=OuterRef("school"), is_active=True)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        visible_to(user, Roll, Cap.ROLL_VIEW)
        .filter(school__path__startswith=org.path)
        .select_related("school")
        .annotate(total=Coalesce(Subquery(enrolled), 0), **_counted("marks", Q()))
        .order_by(
            Case(When(status=RollStatus.OPEN, then=0), default=1),
            F("missing").desc(),
            "-opened_at",
            "-pk",
        )
    )


def roll_by_key(key):
    """The roll an event opened (`alarm:12`), for a link from the event's page."""
    return Roll.objects.filter(key=key).first()
