"""The education programme in force at an org: its own row, else the nearest one up the tree,
else the default row (no org). The topic catalogue and the safety calendar likewise: a bureau's
own rows replace the default ones of the same code."""

from django.db.models import Q

from safecampus.core import rulesets
from safecampus.education.models import EducationRules, NoticeTemplate, ThemeDay, Topic


def rules_for(org):
    return rulesets.rules_for(EducationRules, org)


def rules_under(org):
    return rulesets.rules_under(EducationRules, org)


def _in_force(model, org):
    """The default rows, each replaced by the nearest bureau's row of the same code or name."""
    rows = model.objects.filter(Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids()))
    depth = {pk: i for i, pk in enumerate(org.ancestor_ids())}
    key = "name" if model is ThemeDay else "code"
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


def notice_templates_for(org):
    return sorted(_in_force(NoticeTemplate, org), key=lambda t: (t.position, t.pk))
