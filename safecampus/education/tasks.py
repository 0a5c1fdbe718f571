"""Safety education's periodic work; what it does lives in services/notices.py and
services/rollup.py."""

from django.tasks import task

from safecampus.education.services.notices import send_reminders
from safecampus.education.services.rollup import rebuild_due


@task
def notice_reminders():
    return send_reminders()


@task
def due_1530():
    return rebuild_due()
