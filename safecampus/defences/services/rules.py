"""A bureau chooses the staffing rule set its region follows."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.defences.models import RegionRuleSet
from safecampus.defences.rules import rules_for


@transaction.atomic
def choose_rule_set(*, actor, org, rule_set):
    require(actor, Cap.DEFENCE_RULES, org)
    if org.is_school:
        raise DomainError(_("A bureau chooses the rule set, not a school."))
    before = rules_for(org)
    RegionRuleSet.objects.update_or_create(org=org, defaults={"rule_set": rule_set})
    audit.record(
        actor=actor,
        org=org,
        action="defence.rules",
        obj=rule_set,
        changes={"rule_set": [str(before) if before else None, str(rule_set)]},
    )
    return rule_set
