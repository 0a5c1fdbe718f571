"""Rule rows kept per org as data (supervision cadence, the education programme, casework
deadlines, ...): the row in force at an org is its own, else the nearest one up the tree, else
the default row (no org). One lookup for every app that keeps such rows."""

from django.db.models import Q


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


def rules_for(model, org):
    """The `model` row in force at `org`: one query."""
    rows = model.objects.filter(Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids()))
    return nearest(list(rows.select_related("org")), org.path)


def rules_under(model, org):
    """Every `model` row that may apply at `org` or below it, for `nearest` per row of a page:
    one query however many schools the page shows."""
    return list(
        model.objects.filter(
            Q(org__isnull=True)
            | Q(org_id__in=org.ancestor_ids())
            | Q(org__path__startswith=org.path)
        ).select_related("org")
    )
