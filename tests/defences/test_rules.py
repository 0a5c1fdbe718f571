"""Staffing computed from each rule set at its band edges, and what each rule set finds wrong
with a person: a kindergarten gatekeeper over the age limit, a guard without a certificate."""

from datetime import date

import pytest

from safecampus.core.models import SchoolKind
from safecampus.defences.demo import id_number
from safecampus.defences.models import SecurityStaff, StaffingRuleSet, StaffRole
from safecampus.defences.rules import person_problems, required_guards, rules_for

pytestmark = pytest.mark.django_db

P, K = SchoolKind.PRIMARY, SchoolKind.KINDERGARTEN


def need(code, day, boarders=0, kind=P):
    rules = StaffingRuleSet.objects.get(code=code)
    return required_guards(rules, kind=kind, day_students=day, boarding_students=boarders)


@pytest.mark.parametrize(
    ("day", "boarders", "guards"),
    [
        (0, 0, 1),
        (99, 0, 1),
        (100, 0, 2),
        (999, 0, 2),
        (1000, 0, 3),
        (1499, 0, 3),
        (1500, 0, 4),
        (2000, 0, 5),
        # GB/T counts non-boarding students only.
        (900, 900, 2),
    ],
)
def test_gbt_29315_2022(day, boarders, guards):
    assert need("gbt-29315-2022", day, boarders) == guards


@pytest.mark.parametrize(
    ("day", "boarders", "guards"),
    [
        (0, 0, 2),
        (500, 0, 2),
        (501, 0, 3),
        (1000, 0, 3),
        # 2‰ of the students above 1000: a started 500 adds one.
        (1001, 0, 4),
        (1500, 0, 4),
        (1501, 0, 5),
        # "规模" counts every student, boarders too.
        (400, 200, 3),
    ],
)
def test_municipal_seed_003(day, boarders, guards):
    assert need("municipal-seed-003", day, boarders) == guards


@pytest.mark.parametrize(
    ("day", "boarders", "guards"),
    [
        (0, 0, 2),
        (999, 0, 2),
        (1000, 0, 2),
        (1499, 0, 2),
        (1500, 0, 3),
        # One more per full 200 boarders.
        (600, 199, 2),
        (600, 200, 3),
        (600, 400, 4),
    ],
)
def test_hubei(day, boarders, guards):
    assert need("hubei", day, boarders) == guards


def test_a_kindergarten_needs_its_minimum_where_the_rule_set_has_one():
    assert need("municipal-seed-003", 80, kind=K) == 2
    assert need("gbt-29315-2022", 80, kind=K) == 1


def test_the_default_applies_where_no_bureau_chose(org):
    from tests.scope import outside_school

    outside = outside_school(school_kind=P, day_students=10)
    assert rules_for(outside).code == "gbt-29315-2022"
    # The demo district chose the municipal rule set; its schools follow it.
    assert rules_for(org("s01")).code == "municipal-seed-003"


def _person(role, born, **fields):
    values = {
        "name": "测试",
        "role": role,
        "employer": "school",
        "id_number": id_number("330102", born, 901),
        "certificate_number": "浙保0001",
        "health_checked_on": date(2026, 6, 1),
        "started_on": date(2020, 9, 1),
    }
    return SecurityStaff(**(values | fields))


def codes(rules_code, staff, kind, today=date(2026, 12, 2)):
    rules = StaffingRuleSet.objects.get(code=rules_code)
    return [p.code for p in person_problems(rules, staff, kind, today)]


def test_a_kindergarten_gatekeeper_over_the_age_limit_is_flagged():
    aged_56 = _person(StaffRole.GATEKEEPER, date(1970, 12, 1))
    aged_55 = _person(StaffRole.GATEKEEPER, date(1971, 12, 3))
    assert codes("municipal-seed-003", aged_56, K) == ["kg_old"]
    assert codes("municipal-seed-003", aged_55, K) == []
    # At a primary school, or under a rule set without the limit, the same person is in order.
    assert codes("municipal-seed-003", aged_56, P) == []
    assert codes("gbt-29315-2022", aged_56, K) == []


def test_a_guard_needs_a_valid_certificate_and_a_recent_health_check():
    bare = _person(StaffRole.GUARD, date(1980, 1, 1), certificate_number="")
    assert codes("gbt-29315-2022", bare, P) == ["no_certificate"]
    lapsed = _person(StaffRole.GUARD, date(1980, 1, 1), certificate_valid_until=date(2026, 12, 1))
    assert codes("gbt-29315-2022", lapsed, P) == ["certificate_expired"]
    old_check = _person(StaffRole.GUARD, date(1980, 1, 1), health_checked_on=date(2025, 12, 1))
    assert codes("gbt-29315-2022", old_check, P) == ["health_old"]
    # A gatekeeper needs no 保安员证.
    assert (
        codes(
            "gbt-29315-2022",
            _person(StaffRole.GATEKEEPER, date(1980, 1, 1), certificate_number=""),
            P,
        )
        == []
    )


def test_age_bands_of_a_rule_set():
    young = _person(StaffRole.GUARD, date(2002, 1, 1))
    old = _person(StaffRole.GUARD, date(1968, 1, 1))
    assert codes("hubei", young, P) == ["young"]
    assert codes("hubei", old, P) == ["old"]
    assert codes("gbt-29315-2022", old, P) == []


def test_the_bureaus_staffing_figures_follow_each_schools_rule_set(org):
    """The cockpit's figures judge each school under the rule set nearest up its tree, as the
    school's own page does: a demo school under the municipal rule set and a school of another
    district under the national default, in the same query."""
    from safecampus.core import metrics
    from safecampus.core.models import Org
    from safecampus.defences.queries.staffing import school_staffing
    from tests.defences.helpers import add_guard
    from tests.scope import outside_school

    outside = outside_school(school_kind=P, day_students=1200)
    add_guard(outside)
    schools = Org.objects.filter(pk__in=[org("s01").pk, outside.pk])
    today = metrics.Period.month(date(2026, 12, 1))
    short = metrics.values("defences.guards_short", schools, today)
    rate = metrics.values("defences.staffing_rate", schools, today)
    for school in (org("s01"), outside):
        own = school_staffing(school, rules_for(school))
        assert short[school.pk] == own.short
        assert rate[school.pk] == min(100.0, round(100 * own.actual / own.required, 1))
    assert rules_for(outside).code == "gbt-29315-2022"
    assert short[outside.pk] == need("gbt-29315-2022", 1200) - 1
