"""The hazard ledger's periodic work; what it does lives in services/reminders.py."""

from django.tasks import task

from safecampus.hazards.services.reminders import send_reminders


@task
def hazard_reminders():
    return send_reminders()
