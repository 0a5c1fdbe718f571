"""Reads of off-campus activities and their roll calls."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from safecampus.core.access import visible_to
from safecampus.core.models import User
from safecampus.core.roles import Cap
from safecampus.students.models import Student
from safecampus.transport.models import Outing, OutingMark
from safecampus.transport.workflow import roll_state


def outings(*, user, school):
    rows = visible_to(user, Outing, Cap.OUTING_REQUEST).filter(school=school)
    return rows.select_related("requested_by").order_by("-starts_at", "-pk")


def staff_choices(school):
    """The school's current members: who may accompany its students."""
    return (
        User.objects.filter(memberships__org=school, memberships__ended_at__isnull=True)
        .distinct()
        .order_by("display_name", "pk")
    )


def outing_for(user, school, outing_id):
    return (
        outings(user=user, school=school)
        .filter(pk=outing_id)
        .select_related("decided_by")
        .prefetch_related("staff")
    )


@dataclass
class OutingRollRow:
    student: object
    state: str
    marks: dict  # kind -> OutingMark


def roll(outing):
    """The activity's list with each student's state out and back (two queries). A student
    marked and since taken off the list stays on the sheet: what happened is kept."""
    marks = defaultdict(dict)
    for row in OutingMark.objects.filter(outing=outing).select_related("by"):
        marks[row.student_id][row.kind] = row
    students = (
        Student.objects.filter(Q(outings=outing) | Q(pk__in=list(marks)))
        .select_related("school_class")
        .distinct()
        .order_by("school_class__grade", "school_class__name", "name", "pk")
    )
    return [OutingRollRow(s, roll_state(set(marks[s.pk])), marks[s.pk]) for s in students]
