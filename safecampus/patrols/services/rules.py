"""An org's own patrol rules."""

from django.db import transaction

from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.patrols.models import PatrolRules


@transaction.atomic
def set_rules(*, actor, org, min_rounds_per_day, tolerance_minutes, late_limit_minutes, source):
    """The org's own patrol rules; the schools under it follow them from now on."""
    require(actor, Cap.PATROL_RULES, org)
    values = {
        "name": org.name[:80],
        "source": source.strip()[:200],
        "min_rounds_per_day": min_rounds_per_day,
        "tolerance_minutes": tolerance_minutes,
        "late_limit_minutes": late_limit_minutes,
    }
    rules, _created = PatrolRules.objects.update_or_create(org=org, defaults=values)
    audit.record(actor=actor, org=org, action="patrol.rules", obj=rules, changes=values)
    return rules
