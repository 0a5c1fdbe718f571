from datetime import date

import pytest

from safecampus.core.models import CalendarException, Term
from safecampus.core.queries import (
    SchoolCalendar,
    current_term,
    is_school_day,
    school_days,
    weekdays_before,
)

pytestmark = pytest.mark.django_db


def test_the_bureau_calendar_applies_to_its_schools(org):
    s01 = org("s01")
    assert is_school_day(s01, date(2026, 9, 1))  # Tuesday, first day of term
    assert not is_school_day(s01, date(2026, 9, 5))  # Saturday
    assert not is_school_day(s01, date(2026, 10, 2))  # National Day
    assert is_school_day(s01, date(2026, 10, 10))  # Saturday made a school day
    assert not is_school_day(s01, date(2026, 8, 10))  # summer: no term
    assert current_term(s01, date(2026, 11, 2)).name.startswith("2026—2027学年第一学期")


def test_a_schools_own_entries_take_precedence(org):
    s08, s01 = org("s08"), org("s01")
    assert is_school_day(s08, date(2026, 8, 31))  # boarders' return day, only at s08
    assert not is_school_day(s01, date(2026, 8, 31))


def test_school_days_over_a_range_skip_weekends_and_holidays(org):
    days = school_days(org("s01"), date(2026, 9, 28), date(2026, 10, 11))
    assert date(2026, 9, 30) in days
    assert all(not (date(2026, 10, 1) <= d <= date(2026, 10, 7)) for d in days)
    assert date(2026, 10, 10) in days


def test_the_weekdays_before_a_monday_are_the_week_before():
    # The demo's and the city's bus trips: today is not one of them, the weekend is skipped.
    assert weekdays_before(date(2026, 9, 14), 5) == [date(2026, 9, d) for d in (7, 8, 9, 10, 11)]
    assert weekdays_before(date(2026, 9, 9), 3) == [date(2026, 9, d) for d in (4, 7, 8)]


def test_a_range_costs_two_queries(org, django_assert_num_queries):
    s01 = org("s01")
    with django_assert_num_queries(2):
        cal = SchoolCalendar(s01, date(2026, 9, 1), date(2027, 1, 22))
    assert sum(cal.is_school_day(d) for d in school_days(s01, date(2026, 9, 1), date(2026, 9, 30)))


def test_officer_adds_a_school_holiday_and_it_counts(login, org):
    s01 = org("s01")
    response = login("s01.officer").post(
        f"/orgs/{s01.pk}/calendar/days/",
        {"name": "运动会调休", "kind": "holiday", "start": "2026-11-23", "end": "2026-11-23"},
    )
    assert response.status_code == 302
    assert not is_school_day(s01, date(2026, 11, 23))
    assert is_school_day(org("s02"), date(2026, 11, 23))


def test_overlapping_terms_and_reversed_dates_are_refused(login, org):
    district = org("demo-district")
    client = login("bureau.admin")
    before = Term.objects.count()
    overlap = client.post(
        f"/orgs/{district.pk}/calendar/terms/",
        {"name": "重叠", "start": "2026-10-01", "end": "2026-12-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert overlap.status_code == 400
    assert "overlaps" in overlap.content.decode()
    reversed_days = client.post(
        f"/orgs/{district.pk}/calendar/days/",
        {"name": "x", "kind": "holiday", "start": "2026-12-02", "end": "2026-12-01"},
    )
    assert reversed_days.status_code == 400
    assert Term.objects.count() == before
    assert not CalendarException.objects.filter(name="x").exists()


def test_a_school_cannot_change_the_bureau_calendar(login, org):
    district = org("demo-district")
    response = login("s01.officer").post(
        f"/orgs/{district.pk}/calendar/days/",
        {"name": "y", "kind": "holiday", "start": "2026-12-01", "end": "2026-12-01"},
    )
    assert response.status_code == 404
    assert not CalendarException.objects.filter(name="y").exists()
