"""The defences' periodic work; what it does lives in the services."""

from django.tasks import task

from safecampus.defences.services import equipment, required
from safecampus.defences.services.checks import send_reminders


@task
def check_reminders():
    """Reminders before a hiring check lapses, each sent once."""
    return send_reminders()


@task
def equipment_sweep():
    """Reminders before equipment expires, one hazard per expired item, and one per school
    short of a required type while the shortfall lasts."""
    return equipment.sweep() | {"short": required.sweep()}
