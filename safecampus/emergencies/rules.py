"""The emergency rule set that applies to a school: its nearest bureau's, or the default."""

from django.utils.translation import gettext_lazy as _

from safecampus.core.models.org import SchoolKind
from safecampus.emergencies.models import DrillPeriod, EmergencyRuleSet

# 2006 办法 and 未保法 §37 ask for drills "regularly"; one a term is the floor the seeds name
# (domain.md §9). Monthly/quarterly is a local practice (rules.md: 2014 指南, ◐): a bureau
# chooses it on its rules page.
DEFAULT = EmergencyRuleSet(
    school_period=DrillPeriod.TERM,
    kindergarten_period=DrillPeriod.TERM,
    report_read_minutes=30,
    source=_("Default: at least one drill a term (domain brief §9); not a national figure"),
)


def rules_for(school):
    ids = school.ancestor_ids()
    found = {r.org_id: r for r in EmergencyRuleSet.objects.filter(org_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in found:
            return found[org_id]
    return DEFAULT


def drill_period(rules, school):
    if school.school_kind == SchoolKind.KINDERGARTEN:
        return rules.kindergarten_period
    return rules.school_period
