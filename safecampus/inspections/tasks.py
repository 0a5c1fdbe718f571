"""Periodic work: tomorrow's tasks are made each night; ended windows become missed."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from safecampus.inspections import queries, services


@task
def generate_check_tasks():
    """Today's and tomorrow's tasks for every school with an active schedule (idempotent)."""
    today = timezone.localdate()
    created = 0
    for school in queries.schools_with_active_schedules():
        created += services.generate_tasks(school, today, today + timedelta(days=1))
    return created


@task
def mark_missed_checks():
    return services.mark_missed()
