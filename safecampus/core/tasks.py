"""Background work of the shared kernel, run by `manage.py db_worker`. (A delivery's first try
is the task `notifications.delivery.send`, next to the engine that queues it.)"""

from django.tasks import task

from safecampus.core import anchors
from safecampus.core.services import notifications


@task
def retry_deliveries():
    return len(notifications.retry_due())


@task
def anchor_audit_heads():
    return anchors.write_checkpoint()
