"""Reports' periodic work; what it does lives in the services."""

from django.tasks import task

from safecampus.reports.services.calendar import send_reminders


@task
def calendar_reminders():
    """The safety calendar's reminders whose lead time has come, each sent once."""
    return send_reminders()
