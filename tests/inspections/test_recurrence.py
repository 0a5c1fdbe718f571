"""When schedules fall due: properties over any rule, any range and any holidays, and the
school's time zone at midnight."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from safecampus.inspections import recurrence
from safecampus.inspections.recurrence import Rule, occurrences, window

BASE = date(2026, 1, 1)
KINDS = ["daily", "weekdays", "weekly", "monthly", "term", "date_range"]


def _calendar(holidays):
    """Weekends off, plus the given holidays, inside two terms."""
    terms = [(date(2026, 2, 23), date(2026, 7, 3)), (date(2026, 8, 31), date(2027, 1, 22))]

    def is_school_day(day):
        in_term = any(first <= day <= last for first, last in terms)
        return in_term and day.weekday() < 5 and day not in holidays

    return is_school_day, terms


rules = st.builds(
    Rule,
    recurrence=st.sampled_from(KINDS),
    starts_on=st.integers(0, 400).map(lambda n: BASE + timedelta(days=n)),
    ends_on=st.one_of(st.none(), st.integers(0, 500).map(lambda n: BASE + timedelta(days=n))),
    weekday=st.integers(0, 6),
    day_number=st.integers(1, 31),
    school_days_only=st.booleans(),
)
ranges = st.tuples(st.integers(0, 450), st.integers(0, 120)).map(
    lambda t: (BASE + timedelta(days=t[0]), BASE + timedelta(days=t[0] + t[1]))
)
holiday_sets = st.sets(st.integers(0, 500).map(lambda n: BASE + timedelta(days=n)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(rule=rules, span=ranges, holidays=holiday_sets)
def test_no_duplicates_no_holidays_nothing_outside(rule, span, holidays):
    is_school_day, terms = _calendar(holidays)
    days = occurrences(rule, *span, is_school_day=is_school_day, terms=terms)
    assert days == sorted(set(days)), "sorted, each day once"
    start, end = span
    for day in days:
        assert start <= day <= end
        assert rule.starts_on <= day
        assert rule.ends_on is None or day <= rule.ends_on
        if rule.school_days_only or rule.recurrence == "term":
            assert is_school_day(day), f"{day} is not a school day"


@settings(max_examples=300, deadline=None)
@given(rule=rules, span=ranges, cut=st.integers(0, 120), holidays=holiday_sets)
def test_every_due_occurrence_present_whatever_the_range(rule, span, cut, holidays):
    """Asking for a range in two pieces gives exactly what asking for the whole gives: no
    occurrence depends on where the range starts, so none is lost at a boundary."""
    is_school_day, terms = _calendar(holidays)
    start, end = span
    middle = min(start + timedelta(days=cut), end)
    whole = occurrences(rule, start, end, is_school_day=is_school_day, terms=terms)
    first = occurrences(rule, start, middle, is_school_day=is_school_day, terms=terms)
    second = occurrences(
        rule, middle + timedelta(days=1), end, is_school_day=is_school_day, terms=terms
    )
    assert whole == first + second


@settings(max_examples=200, deadline=None)
@given(span=ranges, holidays=holiday_sets, school_days_only=st.booleans())
def test_daily_is_every_allowed_day(span, holidays, school_days_only):
    is_school_day, terms = _calendar(holidays)
    rule = Rule("daily", BASE, school_days_only=school_days_only)
    start, end = span
    expected = [
        start + timedelta(days=i)
        for i in range((end - start).days + 1)
        if not school_days_only or is_school_day(start + timedelta(days=i))
    ]
    assert occurrences(rule, start, end, is_school_day=is_school_day, terms=terms) == expected


@settings(max_examples=200, deadline=None)
@given(rule=rules, holidays=holiday_sets)
def test_weekly_and_monthly_at_most_once_per_period(rule, holidays):
    is_school_day, terms = _calendar(holidays)
    days = occurrences(
        rule, BASE, BASE + timedelta(days=500), is_school_day=is_school_day, terms=terms
    )
    if rule.recurrence == "weekly":
        weeks = [d.isocalendar()[:2] for d in days]
        assert len(weeks) == len(set(weeks))
    if rule.recurrence == "monthly":
        months = [(d.year, d.month) for d in days]
        assert len(months) == len(set(months))
    if rule.recurrence == "term":
        assert len(days) <= len(terms)


def test_a_monthly_check_on_a_holiday_moves_to_the_next_school_day():
    is_school_day, terms = _calendar(set())
    rule = Rule("monthly", date(2026, 1, 1), day_number=1)
    days = occurrences(
        rule, date(2026, 3, 1), date(2026, 3, 31), is_school_day=is_school_day, terms=terms
    )
    assert days == [date(2026, 3, 2)]  # 1 March 2026 is a Sunday


def test_day_31_in_a_short_month_is_its_last_day():
    rule = Rule("monthly", date(2026, 1, 1), day_number=31, school_days_only=False)
    days = occurrences(
        rule, date(2026, 2, 1), date(2026, 4, 30), is_school_day=lambda d: True, terms=[]
    )
    assert days == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_the_nth_school_day_of_each_semester():
    is_school_day, terms = _calendar({date(2026, 8, 31)})
    rule = Rule("term", date(2026, 1, 1), day_number=2)
    days = occurrences(
        rule, date(2026, 1, 1), date(2026, 12, 31), is_school_day=is_school_day, terms=terms
    )
    # Spring: Mon 23 Feb is the 1st, Tue 24 the 2nd. Autumn: 31 Aug is a holiday here.
    assert days == [date(2026, 2, 24), date(2026, 9, 2)]


def test_a_night_check_belongs_to_its_day_and_ends_after_midnight():
    start, end = window(date(2026, 11, 20), time(23, 30), 60)
    assert timezone.localtime(start).date() == date(2026, 11, 20)
    assert timezone.localtime(end).date() == date(2026, 11, 21)
    assert start.astimezone(UTC) == datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def test_midnight_in_shanghai_is_four_in_the_afternoon_utc_all_year():
    """Asia/Shanghai has no daylight saving: local midnight is 16:00 UTC the day before, in
    January as in July, so a check at 00:00 lands on the right local day."""
    for month in range(1, 13):
        day = date(2026, month, 15)
        start, _end = window(day, time(0, 0), 30)
        assert start.astimezone(UTC) == datetime(2026, month, 14, 16, 0, tzinfo=UTC)
        assert timezone.localdate(start) == day
        just_before = start - timedelta(seconds=1)
        assert timezone.localdate(just_before) == day - timedelta(days=1)


def test_school_zone_is_the_settings_zone():
    assert str(recurrence.school_zone()) == "Asia/Shanghai"
