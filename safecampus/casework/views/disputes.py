"""Pages of the disputes: the school's list (parties masked without the ledger's capability),
recording one, the dispute's page (each full read audited; without the right, a request for
access), mediation, settling or passing on, and the screening rounds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.casework.forms.access import RequestForm
from safecampus.casework.forms.disputes import (
    DisputeFilterForm,
    DisputeForm,
    MediationForm,
    OutcomeForm,
    ScreeningForm,
)
from safecampus.casework.models import Ledger
from safecampus.casework.queries import access as access_queries
from safecampus.casework.queries import disputes as queries
from safecampus.casework.rules import rules_for
from safecampus.casework.services import access as access_services
from safecampus.casework.services import disputes as services
from safecampus.core.access import first_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call


@school_view(Cap.CASEWORK_VIEW)
def dispute_list(request, school):
    filters = DisputeFilterForm(request.GET or None)
    rows = queries.disputes(user=request.user, school=school, **filters.filters())
    query = {k: v for k, v in request.GET.items() if k in ("status", "level", "overdue") and v}
    return render(
        request,
        "casework/dispute_list.html",
        {
            "school": school,
            "filters": filters,
            "page": paginate(request, rows),
            "query": urlencode(query),
            "names": access_queries.sees_names(request.user, Ledger.DISPUTE, school),
            "counts": queries.counts(user=request.user, school=school),
            "screening": queries.screening_due(user=request.user, school=school),
            "today": timezone.localdate(),
            "may_record": has_cap(request.user, Cap.DISPUTE_MANAGE, school),
        },
    )


@school_view(Cap.DISPUTE_MANAGE)
def dispute_new(request, school):
    form = DisputeForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            dispute = services.record_dispute(
                actor=request.user, school=school, **form.cleaned_data
            )
        if call.ok:
            messages.success(request, _("The dispute is recorded."))
            return redirect(dispute.get_absolute_url())
    return render(
        request,
        "casework/dispute_form.html",
        {"school": school, "form": form, "levels": queries.levels()},
        status=400 if request.method == "POST" else 200,
    )


def _dispute(request, dispute_id):
    return first_or_404(queries.dispute_of(user=request.user, dispute_id=dispute_id))


def _no_access(request, dispute, form=None, status=403):
    return render(
        request,
        "casework/no_access.html",
        {
            "school": dispute.school,
            "record": dispute,
            "masked_name": ", ".join(dispute.masked_parties),
            "request_url": "casework:dispute_request",
            "form": form or RequestForm(),
            "may_ask": True,
            "pending": access_queries.pending_request(request.user, Ledger.DISPUTE, dispute.pk),
        },
        status=status,
    )


def _page(request, dispute, **forms):
    basis = access_services.read_record(actor=request.user, ledger=Ledger.DISPUTE, record=dispute)
    return render(
        request,
        "casework/dispute.html",
        {
            "school": dispute.school,
            "dispute": dispute,
            "basis": basis,
            "grant": access_queries.active_grant(request.user, Ledger.DISPUTE, dispute.pk)
            if basis == "grant"
            else None,
            "mediations": queries.mediations(dispute),
            "overdue": dispute.status in queries.OPEN and dispute.deadline < timezone.localdate(),
            "may_manage": services.may_manage(request.user, dispute),
            "may_mediate": services.may_mediate(request.user, dispute),
            "mediation_form": forms.get("mediation_form") or MediationForm(),
            "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        },
        status=400 if forms else 200,
    )


@login_required
def dispute_detail(request, dispute_id):
    dispute = _dispute(request, dispute_id)
    if not access_queries.may_read(request.user, Ledger.DISPUTE, dispute):
        return _no_access(request, dispute)
    return _page(request, dispute)


def _managed(request, dispute_id):
    dispute = _dispute(request, dispute_id)
    if not services.may_manage(request.user, dispute):
        raise PermissionDenied
    return dispute


@require_POST
@login_required
def dispute_mediate(request, dispute_id):
    dispute = _dispute(request, dispute_id)
    if not services.may_mediate(request.user, dispute):
        raise PermissionDenied
    form = MediationForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.mediate(actor=request.user, dispute=dispute, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The mediation is recorded."))
            return redirect(dispute.get_absolute_url())
    return _page(request, dispute, mediation_form=form)


@require_POST
@login_required
def dispute_move(request, dispute_id, action):
    if action not in ("settle", "pass_on", "reopen"):
        raise Http404
    dispute = _managed(request, dispute_id)
    form = OutcomeForm(request.POST) if action != "reopen" else None
    if form is not None and not form.is_valid():
        return _page(request, dispute, outcome_form=form)
    outcome = form.cleaned_data["outcome"] if form is not None else ""
    with service_call(request, form) as call:
        services.move(actor=request.user, dispute=dispute, action=action, outcome=outcome)
    if call.ok:
        done = {
            "settle": _("The dispute is settled."),
            "pass_on": _("The dispute is passed on."),
            "reopen": _("The dispute is reopened."),
        }
        messages.success(request, done[action])
    elif form is not None:
        return _page(request, dispute, outcome_form=form)
    return redirect(dispute.get_absolute_url())


@require_POST
@login_required
def dispute_request(request, dispute_id):
    dispute = _dispute(request, dispute_id)
    form = RequestForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            access_services.request_access(
                actor=request.user,
                ledger=Ledger.DISPUTE,
                record=dispute,
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(request, _("Your request is sent to the person in charge."))
            return redirect("casework:access", dispute.school_id)
    return _no_access(request, dispute, form, status=400)


@school_view(Cap.CASEWORK_VIEW)
def screenings(request, school):
    may_record = has_cap(request.user, Cap.DISPUTE_MANAGE, school)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            with service_call(request, form) as call:
                services.record_screening(actor=request.user, school=school, **form.cleaned_data)
            if call.ok:
                messages.success(request, _("The screening is recorded."))
                return redirect("casework:screenings", school.pk)
    return render(
        request,
        "casework/screenings.html",
        {
            "school": school,
            "page": paginate(request, queries.screenings(user=request.user, school=school)),
            "due": queries.screening_due(user=request.user, school=school),
            "rules": rules_for(school),
            "form": form,
            "may_record": may_record,
        },
        status=400 if request.method == "POST" else 200,
    )
