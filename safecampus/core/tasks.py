"""Background work of the shared kernel, run by `manage.py db_worker`. (A delivery's first try
is the task `notifications.delivery.send`, next to the engine that queues it.)"""

from django.tasks import task

from safecampus.core import anchors, metrics
from safecampus.core.services import notifications


@task
def retry_deliveries():
    return len(notifications.retry_due())


@task
def anchor_audit_heads():
    return anchors.write_checkpoint()


@task
def rebuild_metric_rollups():
    """Every roll-up up to yesterday (core.rollups): nightly, after the day has ended."""
    return metrics.rebuild_rollups()
