"""A bureau's own weights for the ranking of its schools."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.assessment.models import CockpitWeight
from safecampus.core import metrics
from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require

MAX_WEIGHT = 100


@transaction.atomic
def set_weights(*, actor, org, weights):
    """The org's own weights ({metric key: 0–100}); a 0 leaves the metric out of the score.
    They apply to the org and every node under it that has none of its own."""
    require(actor, Cap.COCKPIT_MANAGE, org)
    if org.is_school:
        raise DomainError(_("Only a bureau ranks its schools."))
    unknown = [key for key in weights if key not in metrics.METRICS]
    if unknown:
        raise DomainError(_("Unknown metric: %(key)s") % {"key": unknown[0]})
    if any(not 0 <= weight <= MAX_WEIGHT for weight in weights.values()):
        raise DomainError(_("A weight is a whole number from 0 to 100."))
    kept = {key: weight for key, weight in weights.items() if weight}
    if not kept:
        raise DomainError(_("Give at least one metric a weight above 0."))
    CockpitWeight.objects.filter(org=org).delete()
    CockpitWeight.objects.bulk_create(
        CockpitWeight(org=org, metric=key, weight=weight) for key, weight in sorted(kept.items())
    )
    audit.record(actor=actor, org=org, action="cockpit.weights", changes=kept)
    return kept


@transaction.atomic
def reset_weights(*, actor, org):
    """Back to the weights of the bureau above, or the defaults."""
    require(actor, Cap.COCKPIT_MANAGE, org)
    deleted, _rows = CockpitWeight.objects.filter(org=org).delete()
    if deleted:
        audit.record(actor=actor, org=org, action="cockpit.weights", changes={"reset": True})
    return deleted
