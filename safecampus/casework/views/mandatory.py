"""Pages of the mandatory reports: the school's log (the minor masked without the ledger's
capability), logging one, the report's page (each full read audited; without the right, a
request for access) with the report to the police and closing."""

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
from safecampus.casework.forms.mandatory import (
    CloseForm,
    MandatoryFilterForm,
    MandatoryForm,
    SentForm,
)
from safecampus.casework.models import Ledger
from safecampus.casework.queries import access as access_queries
from safecampus.casework.queries import mandatory as queries
from safecampus.casework.services import access as access_services
from safecampus.casework.services import mandatory as services
from safecampus.core.access import first_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call


@school_view(Cap.CASEWORK_VIEW)
def mandatory_list(request, school):
    filters = MandatoryFilterForm(request.GET or None)
    rows = queries.reports(user=request.user, school=school, **filters.filters())
    query = {k: v for k, v in request.GET.items() if k in ("status", "overdue") and v}
    return render(
        request,
        "casework/mandatory_list.html",
        {
            "school": school,
            "filters": filters,
            "page": paginate(request, rows),
            "query": urlencode(query),
            "names": access_queries.sees_names(request.user, Ledger.MANDATORY, school),
            "counts": queries.counts(user=request.user, school=school),
            "now": timezone.now(),
            "may_record": has_cap(request.user, Cap.MANDATORY_MANAGE, school),
        },
    )


@school_view(Cap.MANDATORY_MANAGE)
def mandatory_new(request, school):
    form = MandatoryForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            report = services.log_report(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(
                request, _("Logged; the police liaison and the bureau are told at once.")
            )
            return redirect(report.get_absolute_url())
    return render(
        request,
        "casework/mandatory_form.html",
        {"school": school, "form": form, "triggers": queries.triggers()},
        status=400 if request.method == "POST" else 200,
    )


def _report(request, report_id):
    return first_or_404(queries.report_of(user=request.user, report_id=report_id))


def _no_access(request, report, form=None, status=403):
    return render(
        request,
        "casework/no_access.html",
        {
            "school": report.school,
            "record": report,
            "masked_name": report.masked_subject,
            "request_url": "casework:mandatory_request",
            "form": form or RequestForm(),
            "may_ask": True,
            "pending": access_queries.pending_request(request.user, Ledger.MANDATORY, report.pk),
        },
        status=status,
    )


def _page(request, report, **forms):
    basis = access_services.read_record(actor=request.user, ledger=Ledger.MANDATORY, record=report)
    return render(
        request,
        "casework/mandatory.html",
        {
            "school": report.school,
            "report": report,
            "basis": basis,
            "grant": access_queries.active_grant(request.user, Ledger.MANDATORY, report.pk)
            if basis == "grant"
            else None,
            "overdue": report.status == "to_report" and report.report_by < timezone.now(),
            "may_manage": services.may_manage(request.user, report),
            "sent_form": forms.get("sent_form") or SentForm(),
            "close_form": forms.get("close_form") or CloseForm(),
        },
        status=400 if forms else 200,
    )


@login_required
def mandatory_detail(request, report_id):
    report = _report(request, report_id)
    if not access_queries.may_read(request.user, Ledger.MANDATORY, report):
        return _no_access(request, report)
    return _page(request, report)


@require_POST
@login_required
def mandatory_move(request, report_id, action):
    if action not in ("report", "close"):
        raise Http404
    report = _report(request, report_id)
    if not services.may_manage(request.user, report):
        raise PermissionDenied
    if action == "report":
        form, key = SentForm(request.POST), "sent_form"
    else:
        form, key = CloseForm(request.POST), "close_form"
    if not form.is_valid():
        return _page(request, report, **{key: form})
    with service_call(request, form) as call:
        if action == "report":
            services.record_sent(actor=request.user, report=report, **form.cleaned_data)
        else:
            services.close(actor=request.user, report=report, **form.cleaned_data)
    if not call.ok:
        return _page(request, report, **{key: form})
    messages.success(
        request,
        _("The report to the police is recorded.")
        if action == "report"
        else _("The mandatory report is closed."),
    )
    return redirect(report.get_absolute_url())


@require_POST
@login_required
def mandatory_request(request, report_id):
    report = _report(request, report_id)
    form = RequestForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            access_services.request_access(
                actor=request.user,
                ledger=Ledger.MANDATORY,
                record=report,
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(request, _("Your request is sent to the person in charge."))
            return redirect("casework:access", report.school_id)
    return _no_access(request, report, form, status=400)
