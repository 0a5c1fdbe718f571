"""A school's education plan for the term: the theme days and weeks of the safety calendar that
fall in it, the topic catalogue and the programme in force, each with its source."""

from dataclasses import dataclass

from django.utils import timezone

from safecampus.core.queries import school_calendars
from safecampus.education.rules import rules_for, themes_for, topics_for


@dataclass
class Plan:
    term: object  # the core Term row, or None outside any term
    themes: list  # [(first, last, theme)] in the term, by date
    topics: list
    rules: object


def plan(school, day=None):
    day = day or timezone.localdate()
    term = school_calendars([school], day, day)[school.pk].term(day)
    first, last = (term.start, term.end) if term else (day, day.replace(month=12, day=31))
    dated = []
    for theme in themes_for(school):
        for year in range(first.year, last.year + 1):
            start, end = theme.dates(year)
            if start <= last and end >= first:
                dated.append((start, end, theme))
    dated.sort(key=lambda row: (row[0], row[2].pk))
    return Plan(term, dated, topics_for(school), rules_for(school))
