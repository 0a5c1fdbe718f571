"""The guard's shift handover on a phone: choose the post, tick its equipment, say what
happened and what is passed on; the school's latest handovers below."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.models import Zone
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.defences.forms.duty import HandoverForm
from safecampus.defences.queries import duty as queries
from safecampus.defences.services import duty as services


def _post(org, value):
    # An id beyond the database's integer range names no post either.
    if value and str(value).isdigit() and len(str(value)) < 16:
        return Zone.objects.filter(school=org, pk=int(value)).first()
    return None


@org_view(Cap.DEFENCE_DUTY)
def handover(request, org):
    if not org.is_school:
        raise Http404
    zone = _post(org, request.POST.get("zone") or request.GET.get("zone"))
    items = services.equipment_at(org, zone) if zone else []
    form = HandoverForm(request.POST or None, school=org, items=items, initial={"zone": zone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            services.hand_over(
                actor=request.user,
                school=org,
                zone=data["zone"],
                happened=data["happened"],
                open_items=data["open_items"],
                handed_to=data["handed_to"],
                checks=form.checks(),
                client_uuid=data["client_uuid"],
            )
        if call.ok:
            messages.success(request, _("The shift was handed over."))
            return redirect("defences:handover", org.pk)
    context = {
        "org": org,
        "form": form,
        "zone": zone,
        "passed": queries.passed_to(request.user, org),
        "page": paginate(request, queries.handovers_of(request.user, org)),
        "query": f"zone={zone.pk}" if zone else "",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "defences/handover.html", context, status=status)
