"""Safety education's items of the school's safety calendar: the theme days and weeks of the
programme in force (a bureau's own rows replace the default ones), and the longer 1530 talk on
the last school day before each holiday and before the term ends."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from safecampus.core.models import DayKind
from safecampus.core.queries import SchoolCalendar
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import Item, Kind
from safecampus.education.rules import rules_for, themes_for

# A day off shorter than this is a weekend's worth: no holiday talk before it.
HOLIDAY_DAYS = 3


def calendar_items(school, start, end):
    url = reverse("education:plan", args=[school.pk])
    for theme in themes_for(school):
        for year in range(start.year, end.year + 1):
            first, last = theme.dates(year)
            if first <= end and last >= start:
                yield Item(
                    f"theme:{theme.pk}:{year}",
                    first,
                    last,
                    theme.name,
                    Kind.THEME,
                    source=theme.source,
                    url=url,
                    cap=Cap.EDUCATION_VIEW,
                )

    yield from _before_holidays(school, start, end)


def _last_school_day(calendar, before):
    day = before - timedelta(days=1)
    for _step in range(14):
        if calendar.is_school_day(day):
            return day
        day -= timedelta(days=1)
    return None


def _before_holidays(school, start, end):
    calendar = SchoolCalendar(school, start - timedelta(days=14), end + timedelta(days=14))
    rules = rules_for(school)
    if rules is None:
        return
    breaks = [
        (f"1530-holiday:{row.pk}", row.start, row.name)
        for row in calendar.days
        if row.kind == DayKind.HOLIDAY and (row.end - row.start).days + 1 >= HOLIDAY_DAYS
    ]
    breaks += [
        (f"1530-term:{term.pk}", term.end + timedelta(days=1), term.name) for term in calendar.terms
    ]
    url = reverse("education:school", args=[school.pk])
    for key, first_off, name in breaks:
        day = _last_school_day(calendar, first_off)
        if day is None or not start <= day <= end:
            continue
        yield Item(
            key,
            day,
            day,
            _("1530: the talk before the holiday (%(name)s), %(minutes)s minutes")
            % {
                "name": name,
                "minutes": rules.minutes_holiday,
            },
            Kind.LESSON,
            source=rules.source,
            url=url,
            cap=Cap.EDUCATION_VIEW,
        )
