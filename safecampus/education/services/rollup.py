"""The nightly rebuild of the 1530 entries due per school and day (models.Due1530).

Rebuilt, not kept by services: what is due moves with the calendar (a holiday added, a make-up
day) and the classes (a class opened or closed), none of which the 1530 log sees. The price is
freshness: a calendar changed today counts from the next rebuild. The entries recorded are
always counted live (queries.log.completion_rolled)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from safecampus.core.models import Org
from safecampus.education.models import Due1530
from safecampus.education.queries.log import due_days_by_school
from safecampus.students.models import SchoolClass

# How far back the rebuild goes: a year of terms, what the cockpit's periods reach.
DAYS_BACK = 400


def rebuild_due(until=None, days_back=DAYS_BACK, schools=None):
    """Rewrite the rows from `until - days_back` to `until` (yesterday by default) for
    `schools` (every school): the calendars in a fixed number of queries, one insert."""
    until = until or timezone.localdate() - timedelta(days=1)
    start = until - timedelta(days=days_back)
    rows = list((schools if schools is not None else Org.objects.schools()).only("pk", "path"))
    if not rows:
        return 0
    due = due_days_by_school(rows, start, until)
    classes = dict(
        SchoolClass.objects.filter(school__in=[r.pk for r in rows])
        .order_by()
        .values_list("school")
        .annotate(n=Count("pk"))
    )
    fresh = [
        Due1530(school_id=row.pk, day=day, due=classes[row.pk])
        for row in rows
        if classes.get(row.pk)
        for day, _slot in due[row.pk]
    ]
    with transaction.atomic():
        Due1530.objects.filter(
            school__in=[r.pk for r in rows], day__gte=start, day__lte=until
        ).delete()
        Due1530.objects.bulk_create(fresh, batch_size=2000)
    return len(fresh)
