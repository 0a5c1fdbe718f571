"""Reads of the safety lessons: the school's list, each class's cadence (last lesson, due by,
overdue) and, for the bureau, the classes overdue per school.

A class is overdue when it has had no lesson in the programme's interval (seed 003: 14 days)
and the term has run at least that long; in the holidays no class is. Derived on each read,
never stored."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max
from django.utils import timezone

from safecampus.core.access import visible_to
from safecampus.core.models import Org
from safecampus.core.queries import school_calendars
from safecampus.core.rulesets import nearest
from safecampus.education.access import own_classes_only
from safecampus.education.models import EducationRules, SafetyLesson
from safecampus.education.queries.log import classes
from safecampus.education.rules import rules_for
from safecampus.students.models import SchoolClass


def lessons(user, school, school_class=None):
    qs = visible_to(user, SafetyLesson).filter(school=school)
    if own_classes_only(user, school):
        qs = qs.filter(school_class__head_teacher=user)
    if school_class is not None:
        qs = qs.filter(school_class=school_class)
    return qs.select_related("school_class", "topic", "teacher").order_by("-day", "-pk")


def term_start(school, day):
    """The first day of the school's term holding `day`, or None in the holidays."""
    term = school_calendars([school], day, day)[school.pk].term(day)
    return term.start if term else None


@dataclass
class Cadence:
    school_class: object
    last: object  # the day of the last lesson, or None
    due_by: object  # the day the next lesson is due by, or None in the holidays

    @property
    def overdue(self):
        return self.due_by is not None and self.due_by < timezone.localdate()


def class_cadence(user, school):
    """Each shown class with its last lesson and the day the next is due by: one query for the
    classes, two for the calendar, two for the rules."""
    today = timezone.localdate()
    interval = timedelta(days=rules_for(school).lesson_interval_days)
    start = term_start(school, today)
    rows = classes(user, school).annotate(last=Max("safety_lessons__day"))
    found = []
    for school_class in rows:
        due_by = None
        if start is not None:
            since = max(school_class.last or start, start)
            due_by = since + interval
        found.append(Cadence(school_class, school_class.last, due_by))
    return found


def overdue_counts(schools, day=None):
    """{school id: classes overdue for a lesson} for every school of the queryset. Schools are
    grouped by their interval and the start of their term (most share both): one GROUP BY per
    group, plus the schools, the calendars and the rules."""
    day = day or timezone.localdate()
    rows = list(Org.objects.filter(pk__in=schools.values("pk")).only("pk", "path"))
    if not rows:
        return {}
    calendars = school_calendars(rows, day, day)
    every_rule = _rules_of(rows)
    groups = {}
    for row in rows:
        term = calendars[row.pk].term(day)
        if term is None:
            continue
        interval = nearest(every_rule, row.path).lesson_interval_days
        cutoff = day - timedelta(days=interval)
        if term.start >= cutoff:
            continue  # the term is younger than the interval: nothing is due yet
        groups.setdefault(cutoff, []).append(row.pk)
    found = {}
    for cutoff, ids in groups.items():
        recent = SafetyLesson.objects.filter(school__in=ids, day__gte=cutoff).values("school_class")
        found.update(
            SchoolClass.objects.filter(school__in=ids)
            .exclude(pk__in=recent)
            .order_by()
            .values_list("school")
            .annotate(n=Count("pk"))
        )
    return found


def _rules_of(_rows):
    """Every rules row (one query): a row per bureau that keeps its own, a small table."""
    return list(EducationRules.objects.select_related("org"))
