"""Safety education's periodic work; what it does lives in services/notices.py."""

from django.tasks import task

from safecampus.education.services.notices import send_reminders


@task
def notice_reminders():
    return send_reminders()
