"""When a schedule is due: pure date arithmetic, no database, so it can be tested exhaustively.

Days are the school's local days (Asia/Shanghai has no daylight saving; the window's instants
are made in that zone by `window`). With "school days only", a weekly or monthly check whose day
falls on a holiday moves to the next school day of the same week or month (a fire check due on a
Saturday the 1st is done on Monday the 3rd, not dropped); if there is none, it is not due.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

DAILY, WEEKDAYS, WEEKLY, MONTHLY, TERM, DATE_RANGE = (
    "daily",
    "weekdays",
    "weekly",
    "monthly",
    "term",
    "date_range",
)


@dataclass(frozen=True)
class Rule:
    recurrence: str
    starts_on: date
    ends_on: date | None = None
    weekday: int | None = None  # weekly: 0 = Monday
    day_number: int | None = None  # monthly: day of month; term: n-th school day
    school_days_only: bool = True


def _days(start, end):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _first_school_day(candidates, is_school_day):
    return next((d for d in candidates if is_school_day(d)), None)


def occurrences(rule, start, end, *, is_school_day, terms=()):
    """The sorted dates in [start, end] on which `rule` is due.

    `is_school_day(day)` answers for the school; `terms` is a list of (first, last) dates.
    """
    lo = max(start, rule.starts_on)
    hi = min(end, rule.ends_on) if rule.ends_on else end
    if lo > hi:
        return []
    ok = is_school_day if rule.school_days_only else (lambda _day: True)
    kind = rule.recurrence
    if kind in (DAILY, DATE_RANGE):
        return [d for d in _days(lo, hi) if ok(d)]
    if kind == WEEKDAYS:
        return [d for d in _days(lo, hi) if d.weekday() < 5 and ok(d)]
    found = set()
    if kind == WEEKLY:
        monday = lo - timedelta(days=lo.weekday())
        while monday <= hi:
            nominal = monday + timedelta(days=rule.weekday or 0)
            week_end = monday + timedelta(days=6)
            found.add(_first_school_day(_days(nominal, week_end), ok))
            monday += timedelta(days=7)
    elif kind == MONTHLY:
        month = date(lo.year, lo.month, 1)
        while month <= hi:
            last = calendar.monthrange(month.year, month.month)[1]
            nominal = month.replace(day=min(rule.day_number or 1, last))
            found.add(_first_school_day(_days(nominal, month.replace(day=last)), ok))
            month = (month + timedelta(days=last)).replace(day=1)
    elif kind == TERM:
        wanted = max(rule.day_number or 1, 1)
        for first, last in terms:
            school_days = (d for d in _days(first, last) if is_school_day(d))
            found.add(next((d for i, d in enumerate(school_days, 1) if i == wanted), None))
    else:
        raise ValueError(kind)
    return sorted(d for d in found if d is not None and lo <= d <= hi)


def school_zone():
    return ZoneInfo(settings.TIME_ZONE)


def window(day, at, minutes):
    """The instants a check is due between: from `at` on `day` (school time) for `minutes`.

    A night check at 23:30 for 60 minutes belongs to `day` and ends at 00:30 the next day.
    """
    start = datetime.combine(day, at if isinstance(at, time) else time(*at), tzinfo=school_zone())
    return start, start + timedelta(minutes=minutes)
