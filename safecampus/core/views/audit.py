from django.shortcuts import render

from safecampus.core import queries
from safecampus.core.forms import AuditFilterForm
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate


@org_view(Cap.AUDIT_VIEW)
def audit_trail(request, org):
    people = queries.audit_actors(user=request.user, org=org)
    form = AuditFilterForm(request.GET or None, people=people, actions=queries.audit_actions(org))
    filters = form.cleaned_data if form.is_valid() else {}
    events = queries.audit_events(
        user=request.user,
        org=org,
        actor_id=filters.get("actor") and filters["actor"].pk,
        action=filters.get("action", ""),
        day_from=filters.get("day_from"),
        day_to=filters.get("day_to"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_trail.html",
        {
            "org": org,
            "form": form,
            "page": paginate(request, events, per_page=50),
            "query": query.urlencode(),
        },
    )
