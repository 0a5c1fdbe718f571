"""The bus rules in force at an org, and what they say about a driver and a bus.

The nearest rules row up the tree applies, else the default row (no org). Every check returns
its findings as translated sentences, so a page shows why, next to the rule's source."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import idcard
from safecampus.transport.models import BusRules


def rules_for(org):
    rows = BusRules.objects.filter(
        Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids())
    ).select_related("org")
    best = None
    for row in rows:
        if row.org_id is None:
            best = best or row
        elif best is None or best.org_id is None or len(row.org.path) > len(best.org.path):
            best = row
    return best


def add_months(day, months):
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Eligibility:
    ok: bool
    problems: list
    age: int | None


def driver_eligibility(driver, rules, today=None):
    """Whether the driver may drive a school bus today under `rules` (条例 §23, §26)."""
    today = today or timezone.localdate()
    problems = []
    born = idcard.birth_date(driver.id_number) if idcard.is_valid(driver.id_number) else None
    age = age_on(born, today) if born else None
    if age is None:
        problems.append(_("The ID number is not a valid one: the age cannot be checked."))
    elif age < rules.driver_min_age:
        problems.append(
            _("Aged %(age)s: a school-bus driver must be at least %(min)s.")
            % {"age": age, "min": rules.driver_min_age}
        )
    elif age > rules.driver_max_age:
        problems.append(
            _("Aged %(age)s: a school-bus driver must be at most %(max)s.")
            % {"age": age, "max": rules.driver_max_age}
        )
    if add_months(driver.licensed_on, 12 * rules.driving_years) > today:
        problems.append(
            _("Driving since %(since)s: at least %(years)s years of driving are required.")
            % {"since": driver.licensed_on, "years": rules.driving_years}
        )
    if add_months(driver.reexamined_on, rules.reexam_months) < today:
        problems.append(
            _("The yearly re-examination is overdue (last on %(day)s).")
            % {"day": driver.reexamined_on}
        )
    if add_months(driver.background_checked_on, rules.background_months) < today:
        problems.append(
            _("The background check is out of date (last on %(day)s).")
            % {"day": driver.background_checked_on}
        )
    return Eligibility(not problems, problems, age)


def vehicle_problems(vehicle, rules, today=None):
    """What keeps the bus off the road today: inspection, insurance, kit (条例 §20, §21)."""
    today = today or timezone.localdate()
    problems = []
    if vehicle.inspection_due < today:
        problems.append(
            _("The technical inspection was due on %(day)s.") % {"day": vehicle.inspection_due}
        )
    if vehicle.insured_until < today:
        problems.append(_("The insurance ran out on %(day)s.") % {"day": vehicle.insured_until})
    missing = [item for item in rules.equipment if item not in (vehicle.equipment or [])]
    if missing:
        problems.append(_("Missing on board: %(items)s.") % {"items": "、".join(missing)})
    return problems
