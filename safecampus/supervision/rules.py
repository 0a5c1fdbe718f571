"""The supervision rules in force at an org: its own row, else the nearest one up the tree, else
the default row (no org). One module for every reader (planning, cadence, reminders)."""

from django.db.models import Q

from safecampus.supervision.models import SupervisionRules


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
    rows = SupervisionRules.objects.filter(
        Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids())
    ).select_related("org")
    return nearest(list(rows), org.path)


def rules_under(org):
    """Every rules row that may apply at `org` or below it, for `nearest` per row of a page:
    one query however many schools the page shows."""
    return list(
        SupervisionRules.objects.filter(
            Q(org__isnull=True)
            | Q(org_id__in=org.ancestor_ids())
            | Q(org__path__startswith=org.path)
        ).select_related("org")
    )
