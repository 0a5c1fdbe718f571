"""Reports' periodic work; what it does lives in the services."""

from django.tasks import task
from django.utils import timezone

from safecampus.reports.services.calendar import send_reminders
from safecampus.reports.services.schedule import write_scheduled


@task
def calendar_reminders():
    """The safety calendar's reminders whose lead time has come, each sent once."""
    return send_reminders()


@task
def scheduled_reports():
    """The reports the schedule rules say are due (the risk assessment report of the period
    just ended), each asked for once as the system."""
    return write_scheduled(timezone.localdate())
