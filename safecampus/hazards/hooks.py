"""The hazard ledger's hooks: how the apps around the ledger hear from it, and reach the risk
half of dual prevention (双重预防: risk grading and hazard investigation), without importing one
another. Each app fills them from its registry.py; the ledger imports none of those apps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

# Called as hook(hazard=..., actor=...) inside the transaction that confirms a hazard (the risks
# app flags the risk points whose controls failed there).
CONFIRM_HOOKS = []


@dataclass(frozen=True)
class Reassessment:
    """Where a measure (an incident review's, say) sends a risk point back for re-assessment.

    points(school): the school's risk points as a queryset, in the order to offer them;
    flag(*, point, reason, actor): mark one for re-assessment, with the audit event.
    """

    points: Callable
    flag: Callable


_REASSESSMENT: list[Reassessment] = []


def register_reassessment(entry):
    """The risks app registers the one way to re-assess a risk point."""
    _REASSESSMENT[:] = [entry]


def reassessment():
    if not _REASSESSMENT:
        raise ImproperlyConfigured("No app registered risk re-assessment (safecampus.risks).")
    return _REASSESSMENT[0]
