"""The 1530 slots due from a school calendar with holidays and make-up days: the demo district's
autumn term (国庆 10/1–10/7 with a make-up Saturday 10/10, 元旦 1/1–1/3, the term ending
2027-01-22), as the service and every page read it."""

from datetime import date

import pytest

from safecampus.core.services import calendar as calendar_services
from safecampus.education.models import Slot
from safecampus.education.queries.log import calendar_of, due_days_by_school
from safecampus.education.slots import due_slots, slot_of

pytestmark = pytest.mark.django_db

CASES = [
    (date(2026, 9, 29), Slot.DAY),  # Tuesday
    (date(2026, 9, 30), Slot.HOLIDAY),  # the eve of 国庆
    (date(2026, 10, 1), None),  # 国庆
    (date(2026, 10, 4), None),  # a Sunday inside the holiday
    (date(2026, 10, 8), Slot.DAY),  # Thursday after the holiday
    (date(2026, 10, 9), Slot.DAY),  # Friday before the make-up Saturday
    (date(2026, 10, 10), Slot.WEEKEND),  # the make-up Saturday, before Sunday
    (date(2026, 10, 11), None),  # Sunday
    (date(2026, 11, 27), Slot.WEEKEND),  # an ordinary Friday
    (date(2026, 11, 28), None),  # Saturday
    (date(2026, 12, 31), Slot.HOLIDAY),  # the eve of 元旦
    (date(2027, 1, 22), Slot.HOLIDAY),  # the last day of term, before the winter holiday
    (date(2027, 1, 25), None),  # the winter holiday
]


@pytest.mark.parametrize(("day", "slot"), CASES)
def test_slot_of_a_day(org, day, slot):
    school = org("s01")
    assert slot_of(calendar_of(school, day, day), day) == slot


def test_the_due_days_of_the_national_day_fortnight(org):
    school = org("s01")
    start, end = date(2026, 9, 28), date(2026, 10, 11)
    found = due_slots(calendar_of(school, start, end), start, end)
    assert found == [
        (date(2026, 9, 28), Slot.DAY),
        (date(2026, 9, 29), Slot.DAY),
        (date(2026, 9, 30), Slot.HOLIDAY),
        (date(2026, 10, 8), Slot.DAY),
        (date(2026, 10, 9), Slot.DAY),
        (date(2026, 10, 10), Slot.WEEKEND),
    ]


def test_a_school_of_its_own_calendar_owes_its_own_days(org, person):
    """s02 closes for a sports day (its own holiday): its Friday before becomes a holiday eve,
    and the sports day itself owes nothing, while s01 next door keeps its week."""
    s01, s02 = org("s01"), org("s02")
    calendar_services.add_exception(
        actor=person("s02.principal"),
        org=s02,
        name="运动会",
        kind="holiday",
        start=date(2026, 11, 16),
        end=date(2026, 11, 16),
    )
    due = due_days_by_school([s01, s02], date(2026, 11, 13), date(2026, 11, 17))
    assert due[s01.pk] == [
        (date(2026, 11, 13), Slot.WEEKEND),
        (date(2026, 11, 16), Slot.DAY),
        (date(2026, 11, 17), Slot.DAY),
    ]
    assert due[s02.pk] == [(date(2026, 11, 13), Slot.HOLIDAY), (date(2026, 11, 17), Slot.DAY)]
