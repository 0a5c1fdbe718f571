"""The "four 100%" figures (staffing, closed management, one-key alarm and video linked to the
police, video coverage): a school's four with how each is computed and from what, its gates and
the places video must cover; a bureau's schools, the furthest from 100% first."""

from django.shortcuts import render
from django.utils import timezone

from safecampus.core.metrics import get, table
from safecampus.core.models import Org, ZoneKind
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate
from safecampus.defences.queries import compliance as queries
from safecampus.defences.queries import staffing as staffing_queries
from safecampus.defences.queries.compliance import FOUR
from safecampus.defences.queries.roster import week_of
from safecampus.defences.rules import rules_for

KINDS = dict(ZoneKind.choices)


def four_figures(school):
    """[(metric, value)] of the four figures of one school, from the metrics registry."""
    found = table(FOUR, Org.objects.filter(pk=school.pk), None)
    return [(get(key), found[key][school.pk]) for key in FOUR]


@org_view(Cap.DEFENCE_VIEW)
def compliance(request, org):
    metrics = [get(key) for key in FOUR]
    rules = rules_for(org)
    context = {
        "org": org,
        "rules": rules,
        "metrics": metrics,
        "closed_source": queries.CLOSED_SOURCE,
        "closed_unsure": queries.CLOSED_UNSURE,
        "video_kinds": [KINDS.get(kind, kind) for kind in rules.video_places or []],
    }
    if org.is_school:
        monday = week_of(timezone.localdate())
        context |= {
            "figures": four_figures(org),
            "monday": monday,
            "gates": queries.gates_of(org, monday),
            "places": queries.places_of(org, rules),
        }
        return render(request, "defences/school_compliance.html", context)
    rows = queries.schools_four(staffing_queries.schools_in(request.user, org))
    context["page"] = paginate(request, rows)
    return render(request, "defences/bureau_compliance.html", context)
