"""Reads of the 1530 log: today's slot for the person's classes, each class's record book with
its missing days, and completion per class, per school and across a bureau's schools.

What was due is computed from the school calendar on each read (core.queries.school_calendars:
two queries for any number of schools); what was done is one GROUP BY over the entries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from safecampus.core.access import has_cap, visible_to
from safecampus.core.metrics import percent
from safecampus.core.models import Org
from safecampus.core.queries import school_calendars
from safecampus.core.roles import Cap
from safecampus.education.access import own_classes_only
from safecampus.education.models import Due1530, Reminder1530, Slot
from safecampus.education.rules import rules_for, themes_for, topics_for
from safecampus.education.slots import LOOKAHEAD, due_slots, minutes, slot_of, suggested_topic
from safecampus.students.models import SchoolClass


def classes(user, school):
    """The classes this person's pages show at the school."""
    qs = visible_to(user, SchoolClass).filter(school=school).select_related("head_teacher")
    if own_classes_only(user, school):
        qs = qs.filter(head_teacher=user)
    return qs.order_by("grade", "name", "pk")


def entries(user, school):
    qs = visible_to(user, Reminder1530).filter(school=school)
    if own_classes_only(user, school):
        qs = qs.filter(school_class__head_teacher=user)
    return qs.select_related("school_class", "topic", "recorded_by")


def calendar_of(school, start, end):
    return school_calendars([school], start, end + timedelta(days=LOOKAHEAD))[school.pk]


def _signature(calendar):
    """Schools whose calendars hold the same rows owe the same days (most follow their
    bureau's calendar unchanged), so their due days are computed once."""
    return tuple(sorted((type(r).__name__, r.pk) for r in [*calendar.terms, *calendar.days]))


def due_days_by_school(schools, start, end):
    """{school id: [(day, slot)]} for the schools (Org rows with their paths)."""
    calendars = school_calendars(schools, start, end + timedelta(days=LOOKAHEAD))
    computed = {}
    found = {}
    for pk, calendar in calendars.items():
        key = _signature(calendar)
        if key not in computed:
            computed[key] = due_slots(calendar, start, end)
        found[pk] = computed[key]
    return found


@dataclass
class Today:
    """Today's 1530 at a school for one person: the slot (None: no school today), the
    suggested topic, and each of the person's classes with its entry, if recorded."""

    day: object
    slot: str | None
    minutes: int | None
    suggested: object
    topics: list
    rows: list = field(default_factory=list)
    rules: object = None

    @property
    def slot_label(self):
        return Slot(self.slot).label if self.slot else ""


def today(user, school, day=None):
    day = day or timezone.localdate()
    calendar = calendar_of(school, day, day)
    slot = slot_of(calendar, day)
    rules = rules_for(school)
    topics = topics_for(school)
    themes = themes_for(school)
    shown = list(classes(user, school))
    done = {
        e.school_class_id: e
        for e in entries(user, school).filter(day=day, school_class__in=[c.pk for c in shown])
    }
    return Today(
        day=day,
        slot=slot,
        minutes=minutes(rules, slot) if slot else None,
        suggested=suggested_topic(topics, themes, day, slot) if slot else None,
        topics=topics,
        rows=[(c, done.get(c.pk)) for c in shown],
        rules=rules,
    )


@dataclass
class ClassBook:
    school_class: object
    due: int
    done: int
    missing: list  # [(day, slot)], newest first

    @property
    def rate(self):
        return percent(self.done, self.due)


def class_books(user, school, start, end):
    """Each shown class's completion from `start` to `end` (not beyond today), with its
    missing days: three queries for the calendar and the classes, one for the entries. The
    day is over only at dismissal, so completion counts up to yesterday; today is shown on its
    own (`today`)."""
    end = min(end, timezone.localdate() - timedelta(days=1))
    shown = list(classes(user, school))
    if end < start:
        return [ClassBook(c, 0, 0, []) for c in shown]
    due = due_days_by_school([school], start, end)[school.pk]
    due_set = {day for day, _slot in due}
    recorded = defaultdict(set)
    for class_id, day in (
        entries(user, school)
        .filter(day__gte=start, day__lte=end, school_class__in=[c.pk for c in shown])
        .values_list("school_class_id", "day")
    ):
        if day in due_set:
            recorded[class_id].add(day)
    books = []
    for school_class in shown:
        done = recorded[school_class.pk]
        missing = [(d, s) for d, s in reversed(due) if d not in done]
        books.append(ClassBook(school_class, len(due), len(done), missing))
    return books


def book_days(user, school_class, start, end):
    """The class's record book for the range: every due day with its entry or None."""
    end = min(end, timezone.localdate())
    school = school_class.school
    if end < start:
        return []
    due = due_days_by_school([school], start, end)[school.pk]
    found = {
        e.day: e
        for e in entries(user, school)
        .filter(school_class=school_class, day__gte=start, day__lte=end)
        .prefetch_related("photos")
    }
    return [(day, slot, found.get(day)) for day, slot in reversed(due)]


def completion(schools, start, end):
    """{school id: (done, due)} of the 1530 log for every school of the queryset, in five
    queries whatever their number: the schools, the calendars (two), the classes and the
    entries (each one GROUP BY school). Up to yesterday, as `class_books`."""
    end = min(end, timezone.localdate() - timedelta(days=1))
    rows = list(Org.objects.filter(pk__in=schools.values("pk")).only("pk", "path"))
    if end < start or not rows:
        return {}
    due = due_days_by_school(rows, start, end)
    class_counts = dict(
        SchoolClass.objects.filter(school__in=schools.values("pk"))
        .order_by()
        .values_list("school")
        .annotate(n=Count("pk"))
    )
    done = dict(
        Reminder1530.objects.filter(school__in=schools.values("pk"), day__gte=start, day__lte=end)
        .order_by()
        .values_list("school")
        .annotate(n=Count("pk"))
    )
    found = {}
    for row in rows:
        owed = len(due[row.pk]) * class_counts.get(row.pk, 0)
        found[row.pk] = (min(done.get(row.pk, 0), owed), owed)
    return found


def completion_rolled(schools, start, end):
    """{school id: (done, due)} as `completion` gives it, in one query whatever the number of
    schools: what is due from the nightly roll-up (models.Due1530, as of its last rebuild), the
    entries recorded counted live beside it. Up to yesterday."""
    end = min(end, timezone.localdate() - timedelta(days=1))
    if end < start:
        return {}
    recorded = (
        Reminder1530.objects.filter(school=OuterRef("school"), day__gte=start, day__lte=end)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Due1530.objects.filter(school__in=schools.values("pk"), day__gte=start, day__lte=end)
        .order_by()
        .values("school")
        .annotate(due=Sum("due"), done=Coalesce(Subquery(recorded), 0))
    )
    return {row["school"]: (min(row["done"], row["due"]), row["due"]) for row in rows}


def missing_today(school, day=None):
    """Classes of the school without today's entry (0 when today is no school day): two
    queries for the calendar, one for both counts."""
    day = day or timezone.localdate()
    if slot_of(calendar_of(school, day, day), day) is None:
        return 0, 0
    counts = SchoolClass.objects.filter(school=school).aggregate(
        total=Count("pk", distinct=True),
        done=Count("reminders_1530", filter=Q(reminders_1530__day=day), distinct=True),
    )
    return counts["total"] - counts["done"], counts["total"]


def recordable(user, school):
    """The classes this person may record for: every class for leaders, else their own."""
    qs = SchoolClass.objects.filter(school=school)
    if not has_cap(user, Cap.EDUCATION_MANAGE, school):
        qs = (
            qs.filter(head_teacher=user)
            if has_cap(user, Cap.EDUCATION_RECORD, school)
            else qs.none()
        )
    return qs.order_by("grade", "name", "pk")


def recent_missing(user, school, days=14, limit=30):
    """The person's classes' missing entries of the last `days` days before today, newest
    first: what a head teacher may still fill in."""
    today_ = timezone.localdate()
    books = class_books(user, school, today_ - timedelta(days=days), today_ - timedelta(days=1))
    found = [(book.school_class, day, slot) for book in books for day, slot in book.missing]
    found.sort(key=lambda row: (row[1], row[0].grade, row[0].name), reverse=True)
    return found[:limit]
