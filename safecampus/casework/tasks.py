"""Casework's periodic work; what it does lives in the services."""

from django.tasks import task

from safecampus.casework.services.disputes import escalate_overdue
from safecampus.casework.services.retention import apply_retention


@task
def retention_sweep():
    """Anonymise or delete the closed records whose retention period is over."""
    return {str(k): v for k, v in apply_retention().items()}


@task
def dispute_escalation():
    """Tell the leaders of each dispute past its deadline, once."""
    return escalate_overdue()
