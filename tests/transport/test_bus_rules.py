"""Driver eligibility at the rule's edges (条例 §23, §26, the yearly background check of 未保法
§62), read from the rules row, and a bus's fitness for the road (§20, §21)."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from safecampus.transport.models import BusRules, Driver, Vehicle
from safecampus.transport.rules import add_months, driver_eligibility, vehicle_problems
from tests.transport.helpers import id_number_born


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are read in English here (the demo's language is Chinese)."""
    with translation.override("en"):
        yield


TODAY = date(2026, 12, 2)
RULES = BusRules(
    name="校车安全管理条例",
    inspection_months=6,
    driver_min_age=25,
    driver_max_age=60,
    driving_years=3,
    reexam_months=12,
    background_months=12,
    equipment=["逃生锤", "干粉灭火器", "急救箱"],
)


def _driver(born, **dates):
    fields = {
        "licensed_on": date(2010, 1, 1),
        "reexamined_on": TODAY - timedelta(days=30),
        "background_checked_on": TODAY - timedelta(days=30),
        **dates,
    }
    return Driver(name="某", id_number=id_number_born(born), **fields)


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (date(2001, 12, 2), True),  # 25 today
        (date(2001, 12, 3), False),  # 25 tomorrow
        (date(1965, 12, 3), True),  # 60, and 61 tomorrow
        (date(1965, 12, 2), False),  # 61 today
    ],
)
def test_age_from_the_id_number_at_the_edges(born, ok):
    result = driver_eligibility(_driver(born), RULES, TODAY)
    assert result.ok is ok, result.problems


def test_years_of_driving_at_the_edge():
    born = date(1980, 5, 5)
    assert driver_eligibility(_driver(born, licensed_on=date(2023, 12, 2)), RULES, TODAY).ok
    late = driver_eligibility(_driver(born, licensed_on=date(2023, 12, 3)), RULES, TODAY)
    assert not late.ok and "3 years" in late.problems[0]


def test_yearly_reexamination_and_background_check_at_the_edge():
    born = date(1980, 5, 5)
    on_time = _driver(
        born, reexamined_on=date(2025, 12, 2), background_checked_on=date(2025, 12, 2)
    )
    assert driver_eligibility(on_time, RULES, TODAY).ok
    overdue = _driver(
        born, reexamined_on=date(2025, 12, 1), background_checked_on=date(2025, 12, 1)
    )
    problems = driver_eligibility(overdue, RULES, TODAY).problems
    assert len(problems) == 2


def test_a_bureau_may_hold_other_figures():
    stricter = BusRules(**{**_fields(RULES), "driver_max_age": 55})
    assert not driver_eligibility(_driver(date(1968, 1, 1)), stricter, TODAY).ok
    assert driver_eligibility(_driver(date(1968, 1, 1)), RULES, TODAY).ok


def _fields(rules):
    return {f.name: getattr(rules, f.name) for f in BusRules._meta.fields if f.name != "id"}


def test_a_bus_needs_its_inspection_insurance_and_kit():
    bus = Vehicle(
        plate="测A1",
        seats=19,
        inspected_on=date(2026, 6, 2),
        inspection_due=add_months(date(2026, 6, 2), 6),
        insured_until=TODAY,
        equipment=["逃生锤", "急救箱"],
    )
    problems = vehicle_problems(bus, RULES, TODAY)
    assert problems == ["Missing on board: 干粉灭火器."]
    assert len(vehicle_problems(bus, RULES, TODAY + timedelta(days=1))) == 3


def test_months_are_added_to_the_month_end():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 6, 2), 6) == date(2026, 12, 2)
