"""The surroundings rules in force at a school: the problem types (a bureau's own list
replaces the default one for its schools) and the joint-inspection frequency."""

from django.db.models import Q

from safecampus.transport.models import ProblemType, SurroundingsRules


def _nearest_org(rows, school):
    """Of rows with an org (loaded), those of the org nearest the school; else the defaults."""
    owned = [r for r in rows if r.org_id is not None]
    if owned:
        deepest = max(len(r.org.path) for r in owned)
        return [r for r in owned if len(r.org.path) == deepest]
    return [r for r in rows if r.org_id is None]


def types_for(school):
    rows = ProblemType.objects.filter(
        Q(org__isnull=True) | Q(org_id__in=school.ancestor_ids())
    ).select_related("org")
    return sorted(_nearest_org(list(rows), school), key=lambda r: (r.position, r.pk))


def type_ids_for(school):
    return [row.pk for row in types_for(school)]


def rules_for(school):
    rows = SurroundingsRules.objects.filter(
        Q(org__isnull=True) | Q(org_id__in=school.ancestor_ids())
    ).select_related("org")
    chosen = _nearest_org(list(rows), school)
    return chosen[0] if chosen else None
