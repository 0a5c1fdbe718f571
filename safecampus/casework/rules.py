"""The casework rules and retention periods in force at an org: its own row, else the nearest
one up the tree, else the default row (no org)."""

from django.db.models import Q

from safecampus.casework.models import CaseworkRules, RetentionRule


def nearest(rows, path):
    """Of `rows` (with their orgs loaded), the one whose org is nearest `path` up the tree; the
    default row (no org) when none is."""
    best = None
    for row in rows:
        if row.org_id is None:
            if best is None:
                best = row
        elif path.startswith(row.org.path) and (
            best is None or best.org_id is None or len(row.org.path) > len(best.org.path)
        ):
            best = row
    return best


def rules_for(org):
    rows = CaseworkRules.objects.filter(
        Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids())
    ).select_related("org")
    return nearest(list(rows), org.path)


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
