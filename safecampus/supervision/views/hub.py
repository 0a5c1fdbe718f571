"""The supervision hub of an org: a bureau's work to review and follow, or a school's work to
answer, each count opening its list."""

from django.shortcuts import render

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view
from safecampus.supervision.queries import hub as queries


@org_view(Cap.SUPERVISION_VIEW)
def hub(request, org):
    if org.is_school:
        counts = queries.school_counts(request.user, org)
    else:
        counts = queries.bureau_counts(request.user, org)
    return render(request, "supervision/hub.html", {"org": org, "counts": counts})
