"""Background work of emergencies, run by `manage.py db_worker`."""

from django.tasks import task
from django.utils import timezone

from safecampus.emergencies.services import incidents, robots


@task
def send_robot(delivery_id):
    return robots.attempt(delivery_id)


@task
def retry_robots():
    return len(robots.retry_due())


@task
def escalate_reports():
    return len(incidents.escalate_unread(timezone.now()))
