"""Background work of the shared kernel, run by `manage.py db_worker`."""

from django.tasks import task

from safecampus.core import anchors
from safecampus.core.services import notifications


@task
def deliver(delivery_id):
    return notifications.attempt_delivery(delivery_id)


@task
def retry_deliveries():
    return notifications.retry_due_deliveries()


@task
def anchor_audit_heads():
    return anchors.write_checkpoint()
