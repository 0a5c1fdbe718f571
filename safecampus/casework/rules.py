"""The casework rules and retention periods in force at an org: its own row, else the nearest
one up the tree, else the default row (no org)."""

from django.db.models import Q

from safecampus.casework.models import BullyingRules, CaseworkRules, RetentionRule
from safecampus.core import rulesets
from safecampus.core.rulesets import nearest


def rules_for(org):
    return rulesets.rules_for(CaseworkRules, org)


def bullying_rules_for(org):
    return rulesets.rules_for(BullyingRules, org)


def retention_rules():
    """Every retention rule, by ledger: few rows, read once by the retention task."""
    by_ledger = {}
    for rule in RetentionRule.objects.select_related("org"):
        by_ledger.setdefault(rule.ledger, []).append(rule)
    return by_ledger


def retention_for(org, ledger):
    rows = RetentionRule.objects.filter(ledger=ledger).filter(
        Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids())
    )
    return nearest(list(rows.select_related("org")), org.path)
