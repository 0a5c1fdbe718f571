"""A bureau's own hazard rules: the deadlines and reminder days its schools follow."""

from django.db import transaction

from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.hazards.models import HazardRuleSet


def _remind_days(text):
    """ "1, 3,3" → "3,1": each day once, the earliest reminder first."""
    days = {int(part) for part in text.split(",") if part.strip()}
    return ",".join(str(day) for day in sorted(days, reverse=True))


@transaction.atomic
def set_rules(*, actor, org, general_days, major_days, remind_days, principal_after_days, source):
    """The org's own hazard rules; every school under it follows them from now on."""
    require(actor, Cap.HAZARD_RULES, org)
    values = {
        "general_days": general_days,
        "major_days": major_days,
        "remind_days": _remind_days(remind_days),
        "principal_after_days": principal_after_days,
        "source": source,
    }
    rules, _created = HazardRuleSet.objects.update_or_create(
        org=org, defaults={**values, "name": f"{org.name}"}
    )
    audit.record(actor=actor, org=org, action="hazard.rules", obj=rules, changes=values)
    return rules
