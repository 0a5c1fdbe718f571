"""A bureau's own emergency rules: how often its schools drill, how soon a report is read."""

from django.db import transaction

from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.emergencies.models import EmergencyRuleSet


@transaction.atomic
def set_rules(*, actor, org, school_period, kindergarten_period, report_read_minutes, source):
    """The org's own rules; compliance under it follows them from now on."""
    require(actor, Cap.EMERGENCY_RULES, org)
    values = {
        "school_period": school_period,
        "kindergarten_period": kindergarten_period,
        "report_read_minutes": report_read_minutes,
        "source": source,
    }
    rules, _created = EmergencyRuleSet.objects.update_or_create(org=org, defaults=values)
    audit.record(
        actor=actor,
        org=org,
        action="emergency.rules",
        obj=rules,
        changes={key: str(value) for key, value in values.items()},
    )
    return rules
