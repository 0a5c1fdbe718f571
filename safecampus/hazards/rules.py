"""The hazard rule set that applies to a school: the nearest bureau's, or the built-in default."""

from datetime import timedelta

from safecampus.hazards.models import Grade, HazardRuleSet

# No national figure fixes hazard deadlines (rules.md §3, marked unsure): a general hazard is to
# be fixed "at once", a major one by its plan. These defaults are a starting point that each
# bureau replaces with its own rule set.
DEFAULT = HazardRuleSet(
    name="SafeCampus default",
    source="No national day counts; set by the bureau (rules.md §3).",
    general_days=7,
    major_days=30,
    remind_days="3,1",
    principal_after_days=3,
)


def rules_for(school):
    ids = school.ancestor_ids()
    found = {r.org_id: r for r in HazardRuleSet.objects.filter(org_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in found:
            return found[org_id]
    return DEFAULT


def default_deadline_days(school, grade):
    rules = rules_for(school)
    return rules.major_days if grade == Grade.MAJOR else rules.general_days


def latest_deadline(school, grade, today):
    """The last day the bureau's rule gives a hazard of this grade; later needs a reason."""
    return today + timedelta(days=default_deadline_days(school, grade))
