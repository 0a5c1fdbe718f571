"""The education programme in force at an org: its own row, else the nearest one up the tree,
else the default row (no org). The topic catalogue and the safety calendar likewise: a bureau's
own rows replace the default ones of the same code."""

from django.db.models import Q

from safecampus.education.models import EducationRules, ThemeDay, Topic


def nearest(rows, path):
    """Of `rows` (their orgs loaded), the one whose org is nearest `path` up the tree; the
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
    rows = EducationRules.objects.filter(
        Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids())
    ).select_related("org")
    return nearest(list(rows), org.path)


def rules_under(org):
    """Every rules row that may apply at `org` or below it: one query for a page of schools."""
    return list(
        EducationRules.objects.filter(
            Q(org__isnull=True)
            | Q(org_id__in=org.ancestor_ids())
            | Q(org__path__startswith=org.path)
        ).select_related("org")
    )


def _in_force(model, org):
    """The default rows, each replaced by the nearest bureau's row of the same code or name."""
    rows = model.objects.filter(Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids()))
    depth = {pk: i for i, pk in enumerate(org.ancestor_ids())}
    key = "code" if model is Topic else "name"
    chosen = {}
    for row in rows.select_related("org"):
        rank = -1 if row.org_id is None else depth[row.org_id]
        held = chosen.get(getattr(row, key))
        if held is None or rank > held[0]:
            chosen[getattr(row, key)] = (rank, row)
    return [row for _rank, row in chosen.values()]


def topics_for(org):
    return sorted(_in_force(Topic, org), key=lambda t: (t.position, t.pk))


def themes_for(org):
    return sorted(_in_force(ThemeDay, org), key=lambda t: (t.month, t.day, t.pk))
