"""The patrol rule set that applies to a school: the nearest bureau's, or the built-in default."""

from safecampus.patrols.models import PatrolRules

DEFAULT = PatrolRules(
    name="GB/T 29315-2022",
    source="GB/T 29315-2022: patrols of key areas at least five times a day (rules.md §1).",
    min_rounds_per_day=5,
    tolerance_minutes=10,
    late_limit_minutes=120,
)


def rules_for(school):
    ids = school.ancestor_ids()
    found = {r.org_id: r for r in PatrolRules.objects.filter(org_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in found:
            return found[org_id]
    return DEFAULT
