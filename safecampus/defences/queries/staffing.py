"""Staffing computed: a school's required guards against its active guards and gatekeepers; a
bureau's schools in one aggregate query, judged under each school's rule set."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from safecampus.core.access import visible_orgs
from safecampus.core.models import OrgKind
from safecampus.core.roles import Cap
from safecampus.defences.queries.staff import paper_problems
from safecampus.defences.rules import RulesIndex, required_guards


@dataclass
class Staffing:
    school: object
    required: int
    actual: int
    rules: object
    problems: int = 0

    @property
    def short(self):
        return max(0, self.required - self.actual)


def _active():
    return Q(security_staff__left_on__isnull=True)


def school_staffing(school, rules):
    actual = school.security_staff.filter(left_on__isnull=True).count()
    return Staffing(
        school,
        required_guards(
            rules,
            kind=school.school_kind,
            day_students=school.day_students,
            boarding_students=school.boarding_students,
        ),
        actual,
        rules,
    )


def schools_staffing(user, org, *, short_only=False):
    """Every school under `org` the user sees with defence.view: required, actual, people whose
    papers are wrong. Two queries for the rules and one for the schools, however many."""
    today = timezone.localdate()
    schools = (
        visible_orgs(user, Cap.DEFENCE_VIEW)
        .filter(kind=OrgKind.SCHOOL, path__startswith=org.path)
        .annotate(
            actual=Count("security_staff", filter=_active()),
            problems=Count(
                "security_staff",
                filter=_active() & paper_problems(today, "security_staff__"),
            ),
        )
        .order_by("path", "name")
    )
    index = RulesIndex.under(org)
    rows = []
    for school in schools:
        rules = index.for_path(school.path)
        row = Staffing(
            school,
            required_guards(
                rules,
                kind=school.school_kind,
                day_students=school.day_students,
                boarding_students=school.boarding_students,
            ),
            school.actual,
            rules,
            school.problems,
        )
        if not short_only or row.short:
            rows.append(row)
    return rows


def totals(rows):
    """The bureau's sums over all its schools' rows (already loaded for the page)."""
    return {
        "schools": len(rows),
        "required": sum(r.required for r in rows),
        "actual": sum(r.actual for r in rows),
        "short_schools": sum(1 for r in rows if r.short),
        "short": sum(r.short for r in rows),
        "problems": sum(r.problems for r in rows),
    }


def schools_in(user, org):
    """The schools under `org` the user sees with defence.view (a queryset for aggregates)."""
    return visible_orgs(user, Cap.DEFENCE_VIEW).filter(
        kind=OrgKind.SCHOOL, path__startswith=org.path
    )
