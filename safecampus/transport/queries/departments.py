"""Reads about outside departments: those a school may refer to, a bureau's list with its
accounts, and a department person's own inbox of referred problems."""

from django.db.models import Count, Prefetch, Q

from safecampus.core.access import visible_to
from safecampus.core.models import OrgKind
from safecampus.core.roles import Cap
from safecampus.transport.models import (
    DepartmentMember,
    OutsideDepartment,
    ProblemStatus,
    SurroundingsProblem,
)

AREA_KINDS = (OrgKind.DISTRICT, OrgKind.STREET)


def departments_for_school(school):
    """The active departments whose area holds the school (its street, its district)."""
    return (
        OutsideDepartment.objects.filter(is_active=True, area_id__in=school.ancestor_ids())
        .select_related("area")
        .order_by("kind", "name", "pk")
    )


def departments_under(*, user, org):
    """A bureau's departments: those of its area and the streets under it, with their people."""
    rows = visible_to(user, OutsideDepartment, Cap.SURROUNDINGS_DEPARTMENTS).filter(
        area__path__startswith=org.path
    )
    return (
        rows.select_related("area")
        .prefetch_related(
            Prefetch("members", DepartmentMember.objects.select_related("user").order_by("pk"))
        )
        .annotate(
            waiting=Count("problems", filter=Q(problems__status=ProblemStatus.REFERRED)),
        )
        .order_by("area__path", "kind", "name", "pk")
    )


def department_of(user):
    member = DepartmentMember.objects.filter(user=user).select_related("department__area")
    found = member.first()
    return found.department if found else None


def referred_to_me(*, user, status=""):
    """What is referred to the person's department, in the schools of their area, newest
    referral first. A problem referred elsewhere, or in a school outside the area, is not here."""
    rows = visible_to(user, SurroundingsProblem, Cap.SURROUNDINGS_ANSWER).filter(
        referred_to__members__user=user
    )
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("kind", "school", "answered_by").order_by("-referred_at", "-pk")


def referred_problem(user, problem_id):
    return referred_to_me(user=user).filter(pk=problem_id).prefetch_related("photos")


def inbox_counts(user):
    return referred_to_me(user=user).aggregate(
        waiting=Count("pk", filter=Q(status=ProblemStatus.REFERRED)),
        answered=Count("pk", filter=~Q(status=ProblemStatus.REFERRED)),
    )
