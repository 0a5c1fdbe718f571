"""Background work of the assessment app, run by `manage.py db_worker`."""

from django.tasks import task

from safecampus.assessment import cockpit


@task
def take_cockpit_snapshot():
    """The cockpit's figures of every school and bureau node (cockpit.take_snapshot)."""
    return cockpit.take_snapshot()
