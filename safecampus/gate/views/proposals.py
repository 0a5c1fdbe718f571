"""The school's side of the pick-up persons guardians propose: the list to decide on, one
proposal with its photo, confirm (the person joins the gate's pick-up check) or refuse with a
reason the guardian reads."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.gate import forms, queries
from safecampus.gate.services import proposals as services


@school_view(Cap.PICKUP_MANAGE)
def proposal_list(request, school):
    waiting = request.GET.get("show") != "decided"
    rows = queries.pickup_proposals(user=request.user, school=school, waiting=waiting)
    return render(
        request,
        "gate/proposals.html",
        {"school": school, "waiting": waiting, "page": paginate(request, rows)},
    )


def _proposal(request, school, proposal_id):
    rows = queries.pickup_proposals(user=request.user, school=school, waiting=None)
    return first_or_404(rows.filter(pk=proposal_id).select_related("photo", "person"))


def _page(request, school, proposal, form=None, status=200):
    return render(
        request,
        "gate/proposal.html",
        {
            "school": school,
            "proposal": proposal,
            "form": form or forms.RefuseProposalForm(),
            "may_decide": services.may_decide(request.user, proposal.student),
        },
        status=status,
    )


@school_view(Cap.PICKUP_MANAGE)
def proposal_detail(request, school, proposal_id):
    return _page(request, school, _proposal(request, school, proposal_id))


@require_POST
@school_view(Cap.PICKUP_MANAGE)
def proposal_confirm(request, school, proposal_id):
    proposal = _proposal(request, school, proposal_id)
    with service_call(request) as call:
        services.confirm(actor=request.user, proposal=proposal)
    if call.ok:
        messages.success(
            request, _("%(name)s may now pick up this child.") % {"name": proposal.name}
        )
    return redirect("gate:proposal", school.pk, proposal.pk)


@require_POST
@school_view(Cap.PICKUP_MANAGE)
def proposal_refuse(request, school, proposal_id):
    proposal = _proposal(request, school, proposal_id)
    form = forms.RefuseProposalForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.refuse(actor=request.user, proposal=proposal, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Refused: the guardian sees your reason."))
            return redirect("gate:proposal", school.pk, proposal.pk)
    return _page(request, school, proposal, form=form, status=400)
