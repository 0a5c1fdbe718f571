"""Background work of emergencies, run by `manage.py db_worker`."""

from django.tasks import task
from django.utils import timezone

from safecampus.emergencies.services import alarms, incidents


@task
def escalate_reports():
    return len(incidents.escalate_unread(timezone.now()))


@task
def announce_alarms():
    return len(alarms.announce_missed())
