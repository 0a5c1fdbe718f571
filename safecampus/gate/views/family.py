"""A guardian's gate pages on their phone (under /family/, the only paths a guardian's session
reaches): what the gate recorded for their child, the persons who may pick the child up, and
the persons the guardian proposes for the school to confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import paginate, service_call
from safecampus.gate import family as queries
from safecampus.gate import forms
from safecampus.gate.services import proposals as services
from safecampus.students import family

LOGIN = "students:family_login"


def _account(request):
    account = family.account_of(request.user)
    if account is None:
        raise PermissionDenied
    return account


@login_required(login_url=LOGIN)
def child_gate(request, student_id):
    account = _account(request)
    child = family.child_for(account, student_id)
    page = paginate(request, queries.timeline(child), per_page=20)
    context = {
        "child": child,
        "page": page,
        "events": queries.events(list(page.object_list)),
        "persons": queries.pickup_persons(child),
        "proposals": queries.proposals(account, child),
    }
    return render(request, "gate/family/child.html", context)


@login_required(login_url=LOGIN)
def propose(request, student_id):
    account = _account(request)
    child = family.child_for(account, student_id)
    form = forms.ProposePickupPersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call, atomic_with_files():
            services.propose(account=account, student=child, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Sent: the school will confirm or refuse it."))
            return redirect("gate:family_child", child.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "gate/family/propose.html", {"child": child, "form": form}, status=status
    )


@require_POST
@login_required(login_url=LOGIN)
def withdraw(request, proposal_id):
    account = _account(request)
    proposal = queries.proposal_for(account, proposal_id)
    with service_call(request) as call:
        services.withdraw(account=account, proposal=proposal)
    if call.ok:
        messages.success(request, _("Proposal withdrawn."))
    return redirect("gate:family_child", proposal.student_id)
