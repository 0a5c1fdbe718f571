"""The rule set in force at a school, and what it computes: the guards a school needs and what is
wrong with a person. Pure functions of the rows, so every page, export, metric and test computes
the same figure."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from safecampus.core.models import SchoolKind
from safecampus.defences.models import RegionRuleSet, Rounding, StaffingRuleSet, StaffRole


def _nearest(choices, default, path):
    best = None
    for choice in choices:
        if path.startswith(choice.org.path) and (
            best is None or len(choice.org.path) > len(best.org.path)
        ):
            best = choice
    return best.rule_set if best is not None else default


class RulesIndex:
    """The rule-set choices that may apply to a set of schools, loaded once (two queries), so
    a page or a metric over many schools finds each school's rule set without a query each."""

    def __init__(self, choices, default):
        self.choices = choices
        self.default = default

    @classmethod
    def _load(cls, choices):
        default = StaffingRuleSet.objects.filter(is_default=True).first()
        return cls(list(choices.select_related("org", "rule_set")), default)

    @classmethod
    def under(cls, org):
        """For `org` and everything under it."""
        return cls._load(
            RegionRuleSet.objects.filter(
                Q(org_id__in=org.ancestor_ids()) | Q(org__path__startswith=org.path)
            )
        )

    @classmethod
    def everywhere(cls):
        """For schools anywhere (a metric over any queryset of schools)."""
        return cls._load(RegionRuleSet.objects.all())

    def for_path(self, path):
        return _nearest(self.choices, self.default, path)


def rules_for(org):
    return RulesIndex.under(org).for_path(org.path)


def counted_students(rules, day_students, boarding_students):
    return day_students + (boarding_students if rules.count_boarders else 0)


def _steps(extra, step, rounding):
    if step <= 0 or extra <= 0:
        return 0
    if rounding == Rounding.STARTED:
        return -(-extra // step)
    return extra // step


def required_guards(rules, *, kind, day_students, boarding_students):
    """The guards a school of this kind and enrolment needs under `rules`."""
    students = counted_students(rules, day_students, boarding_students)
    if students >= rules.above_from:
        need = rules.above_base + _steps(students - rules.above_from, rules.step, rules.rounding)
    else:
        need = next((guards for below, guards in rules.bands if students < below), rules.above_base)
    need += _steps(boarding_students, rules.boarders_step, rules.rounding)
    if kind == SchoolKind.KINDERGARTEN:
        need = max(need, rules.kindergarten_min)
    return need


def required_for_school(rules, school):
    return required_guards(
        rules,
        kind=school.school_kind,
        day_students=school.day_students,
        boarding_students=school.boarding_students,
    )


@dataclass(frozen=True)
class Problem:
    code: str
    text: str


def person_problems(rules, staff, school_kind, today):
    """What is wrong with one guard or gatekeeper under `rules`, most serious first."""
    found = []
    age = staff.age_on(today)
    if age is None:
        found.append(Problem("id", _("The ID number gives no date of birth.")))
    else:
        if age < rules.min_age:
            found.append(
                Problem(
                    "young",
                    _("Aged %(age)d: under %(limit)d.") % {"age": age, "limit": rules.min_age},
                )
            )
        if rules.max_age is not None and age > rules.max_age:
            found.append(
                Problem(
                    "old", _("Aged %(age)d: over %(limit)d.") % {"age": age, "limit": rules.max_age}
                )
            )
        if (
            school_kind == SchoolKind.KINDERGARTEN
            and staff.role == StaffRole.GATEKEEPER
            and rules.kindergarten_max_age is not None
            and age > rules.kindergarten_max_age
        ):
            found.append(
                Problem(
                    "kg_old",
                    _("Aged %(age)d: over the kindergarten gatekeeper limit of %(limit)d.")
                    % {"age": age, "limit": rules.kindergarten_max_age},
                )
            )
    if rules.certificate_required and staff.role == StaffRole.GUARD:
        if not staff.certificate_number:
            found.append(Problem("no_certificate", _("No 保安员证 on record.")))
        elif staff.certificate_valid_until and staff.certificate_valid_until < today:
            found.append(Problem("certificate_expired", _("The 保安员证 has expired.")))
    if staff.health_checked_on is None:
        found.append(Problem("no_health", _("No health check on record.")))
    elif months_before(today, rules.health_check_months) > staff.health_checked_on:
        found.append(
            Problem(
                "health_old",
                _("Health check older than %(n)d months.") % {"n": rules.health_check_months},
            )
        )
    return found


def months_before(day, months):
    return months_after(day, -months)


def months_after(day, months):
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def check_due(rules, last_checked_on):
    """The day a hiring check lapses: `recheck_months` after the last one."""
    return months_after(last_checked_on, rules.recheck_months)
