"""Supervision's periodic work; what it does lives in the services."""

from django.tasks import task

from safecampus.supervision.services.dispatch import sweep


@task
def dispatch_sweep():
    """Reminders before a task's deadline and escalations after it, each sent once."""
    return sweep()
