"""Reads of the security staff: a school's list (ID numbers masked), one record, what is wrong
with each person under the rules in force."""

from django.db.models import Count, Max, Q
from django.utils import timezone

from safecampus.core.access import get_visible_or_404, visible_to
from safecampus.core.roles import Cap
from safecampus.defences.models import SecurityStaff, StaffRole
from safecampus.defences.rules import months_before, person_problems, rules_for


def staff_of(user, school, *, former=False):
    """The school's guards and gatekeepers (or those who left), with their training figures."""
    rows = visible_to(user, SecurityStaff, Cap.DEFENCE_VIEW).filter(school=school)
    rows = rows.filter(left_on__isnull=not former)
    return rows.annotate(
        training_count=Count("trainings"), last_training=Max("trainings__held_on")
    ).order_by("name", "pk")


def one(user, pk):
    return get_visible_or_404(
        user,
        SecurityStaff,
        pk,
        queryset=visible_to(user, SecurityStaff, Cap.DEFENCE_VIEW).select_related("school"),
    )


def judged(rows, school, rules=None):
    """[(staff, problems)] for the rows of a page, under the school's rules (one query for the
    rules, none per row)."""
    rules = rules or rules_for(school)
    today = timezone.localdate()
    judged = []
    for staff in rows:
        staff.age = staff.age_on(today)
        judged.append((staff, person_problems(rules, staff, school.school_kind, today)))
    return judged


def with_problems_first(user, school, rules):
    """Every active person of the school with what is wrong, those with problems first."""
    rows = judged(staff_of(user, school), school, rules)
    return sorted(rows, key=lambda pair: (not pair[1], pair[0].name))


def paper_problems(today, prefix=""):
    """A Q of the problems SQL can see in a record (certificate, health check older than a
    year), for counts across many schools; the age limits and each rule set's own health-check
    interval are judged per person on the school's page. `prefix` reaches the staff from
    another model (`security_staff__` from a school)."""
    year_ago = months_before(today, 12)
    return (
        Q(**{f"{prefix}role": StaffRole.GUARD, f"{prefix}certificate_number": ""})
        | Q(**{f"{prefix}certificate_valid_until__lt": today})
        | Q(**{f"{prefix}health_checked_on__isnull": True})
        | Q(**{f"{prefix}health_checked_on__lt": year_ago})
    )


def today():
    return timezone.localdate()
