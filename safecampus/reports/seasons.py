"""The calendar's own rule sets: how far ahead to remind (CalendarRules) and the seasonal
inspections and duties (SeasonalTask, rules.md §6), each as rows a bureau may replace."""

import calendar as months
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from safecampus.core import rulesets
from safecampus.core.queries import SchoolCalendar
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import Item, Kind
from safecampus.reports.models import Anchor, CalendarRules, SeasonalTask

# Used only when even the default row is missing (a database not migrated with its data).
FALLBACK_LEAD_DAYS = 3


def rules_for(org):
    return rulesets.rules_for(CalendarRules, org)


def lead_days(org):
    rules = rules_for(org)
    return rules.lead_days if rules is not None else FALLBACK_LEAD_DAYS


def tasks_for(org):
    """The default tasks, each replaced by the nearest bureau's task of the same name."""
    depth = {pk: i for i, pk in enumerate(org.ancestor_ids())}
    chosen = {}
    for row in SeasonalTask.objects.filter(Q(org__isnull=True) | Q(org_id__in=depth)):
        rank = -1 if row.org_id is None else depth[row.org_id]
        held = chosen.get(row.name)
        if held is None or rank > held[0]:
            chosen[row.name] = (rank, row)
    return [row for _rank, row in chosen.values()]


def terms_in(school, start, end):
    """The terms the school follows that overlap [start, end] (the nearest org's where two
    overlap), by start."""
    calendar = SchoolCalendar(school, start, end)
    found = {}
    day = start
    while day <= end:
        term = calendar.term(day)
        if term is not None:
            found[term.pk] = term
            day = max(day, term.end)
        day += timedelta(days=1)
    return sorted(found.values(), key=lambda t: t.start)


def _on(year, month, day):
    return date(year, month, min(day, months.monthrange(year, month)[1]))


def _dates(task, terms, start, end):
    if task.anchor == Anchor.DATE:
        for year in range(start.year, end.year + 1):
            yield _on(year, task.month or 1, task.day or 1)
    elif task.anchor == Anchor.TERM_START:
        for term in terms:
            yield term.start + timedelta(days=task.offset_days)
    else:
        for term in terms:
            yield term.end - timedelta(days=task.offset_days)


def calendar_items(school, start, end):
    terms = terms_in(school, start - timedelta(days=62), end + timedelta(days=62))
    url = reverse("reports:calendar", args=[school.pk])
    for task in tasks_for(school):
        for day in _dates(task, terms, start, end):
            yield Item(
                f"season:{task.pk}:{day}",
                day,
                day,
                task.name,
                Kind.INSPECTION,
                source=task.source,
                url=url,
                cap=Cap.REPORT_VIEW,
                lead_days=task.lead_days,
                school_day=True,
            )
