"""Pages of the bullying cases for staff: the school's list (names masked without the ledger's
capability), recording a report made to staff, the case's page (each full read audited;
without the right, a request for access) with the procedure's steps and the messages with the
anonymous reporter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safecampus.casework.forms.access import RequestForm
from safecampus.casework.forms.bullying import (
    BullyingFilterForm,
    CaseForm,
    DetermineForm,
    FindingForm,
    MeasuresForm,
    MessageForm,
    NoteForm,
    OptionalNoteForm,
)
from safecampus.casework.models import Ledger
from safecampus.casework.queries import access as access_queries
from safecampus.casework.queries import bullying as queries
from safecampus.casework.rules import bullying_rules_for
from safecampus.casework.services import access as access_services
from safecampus.casework.services import bullying as services
from safecampus.casework.workflow import BULLYING
from safecampus.core.access import first_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call


@school_view(Cap.CASEWORK_VIEW)
def bullying_list(request, school):
    filters = BullyingFilterForm(request.GET or None)
    rows = queries.cases(user=request.user, school=school, **filters.filters())
    query = {k: v for k, v in request.GET.items() if k in ("status", "late") and v}
    page = paginate(request, rows)
    today = timezone.localdate()
    for case in page:
        case.late_limit = queries.late_limit(case, today)
    return render(
        request,
        "casework/bullying_list.html",
        {
            "school": school,
            "filters": filters,
            "page": page,
            "query": urlencode(query),
            "names": access_queries.sees_names(request.user, Ledger.BULLYING, school),
            "counts": queries.counts(user=request.user, school=school),
            "rules": bullying_rules_for(school),
            "may_record": has_cap(request.user, Cap.BULLYING_MANAGE, school),
        },
    )


@school_view(Cap.BULLYING_MANAGE)
def bullying_new(request, school):
    form = CaseForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            case = services.record_case(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The report is recorded."))
            return redirect(case.get_absolute_url())
    return render(
        request,
        "casework/bullying_form.html",
        {"school": school, "form": form, "rules": bullying_rules_for(school)},
        status=400 if request.method == "POST" else 200,
    )


def _case(request, case_id):
    return first_or_404(queries.case_of(user=request.user, case_id=case_id))


def _no_access(request, case, form=None, status=403):
    return render(
        request,
        "casework/no_access.html",
        {
            "school": case.school,
            "record": case,
            "masked_name": ", ".join(case.masked_parties) or case.get_act_display(),
            "request_url": "casework:bullying_request",
            "form": form or RequestForm(),
            "may_ask": True,
            "pending": access_queries.pending_request(request.user, Ledger.BULLYING, case.pk),
        },
        status=status,
    )


# Each step: its form (prefixed by the action, several share a page), the service, the message.
STEPS = {
    "accept": (None, lambda a, c, d: services.accept(actor=a, case=c)),
    "dismiss": (NoteForm, lambda a, c, d: services.dismiss(actor=a, case=c, note=d["note"])),
    "determine": (DetermineForm, lambda a, c, d: services.determine(actor=a, case=c, **d)),
    "measures": (MeasuresForm, lambda a, c, d: services.take_measures(actor=a, case=c, **d)),
    "pass_on": (NoteForm, lambda a, c, d: services.pass_on(actor=a, case=c, note=d["note"])),
    "appeal": (NoteForm, lambda a, c, d: services.appeal(actor=a, case=c, note=d["note"])),
    "review": (FindingForm, lambda a, c, d: services.review(actor=a, case=c, **d)),
    "close": (OptionalNoteForm, lambda a, c, d: services.close(actor=a, case=c, note=d["note"])),
    "reply": (MessageForm, lambda a, c, d: services.reply(actor=a, case=c, body=d["body"])),
}
DONE = {
    "accept": gettext_lazy("The report is accepted; the investigation is open."),
    "dismiss": gettext_lazy("The report is dismissed."),
    "determine": gettext_lazy("The finding is recorded."),
    "measures": gettext_lazy("The measures are recorded."),
    "pass_on": gettext_lazy("The report to the police and the bureau is recorded."),
    "appeal": gettext_lazy("The appeal is recorded."),
    "review": gettext_lazy("The review's finding is recorded."),
    "close": gettext_lazy("The case is closed."),
    "reply": gettext_lazy("Your message is sent; the reporter reads it with the tracking code."),
}


def _data(form):
    if isinstance(form, FindingForm):
        return form.finding_data()
    return dict(form.cleaned_data)


def _page(request, case, bound=None):
    basis = access_services.read_record(actor=request.user, ledger=Ledger.BULLYING, record=case)
    forms = {
        action: form_class(prefix=action)
        for action, (form_class, _run) in STEPS.items()
        if form_class is not None
    }
    if bound is not None:
        forms[bound.prefix] = bound
    may_manage = services.may_manage(request.user, case)
    allowed = {a for a in STEPS if may_manage and BULLYING.allowed(case.status, a)}
    return render(
        request,
        "casework/bullying.html",
        {
            "school": case.school,
            "case": case,
            "basis": basis,
            "grant": access_queries.active_grant(request.user, Ledger.BULLYING, case.pk)
            if basis == "grant"
            else None,
            "messages_": queries.messages(case),
            "late_limit": queries.late_limit(case),
            "rules": bullying_rules_for(case.school),
            "forms": forms,
            "allowed": allowed,
            "today": timezone.localdate(),
            "must_report": case.severity == "grave" and case.reported_onward_at is None,
        },
        status=400 if bound is not None else 200,
    )


@login_required
def bullying_detail(request, case_id):
    case = _case(request, case_id)
    if not access_queries.may_read(request.user, Ledger.BULLYING, case):
        return _no_access(request, case)
    return _page(request, case)


@require_POST
@login_required
def bullying_move(request, case_id, action):
    if action not in STEPS:
        raise Http404
    case = _case(request, case_id)
    if not services.may_manage(request.user, case):
        raise PermissionDenied
    form_class, run = STEPS[action]
    form = form_class(request.POST, prefix=action) if form_class is not None else None
    if form is not None and not form.is_valid():
        return _page(request, case, bound=form)
    with service_call(request, form) as call:
        run(request.user, case, _data(form) if form is not None else {})
    if call.ok:
        messages.success(request, DONE[action])
    elif form is not None:
        return _page(request, case, bound=form)
    return redirect(case.get_absolute_url())


@require_POST
@login_required
def bullying_request(request, case_id):
    case = _case(request, case_id)
    form = RequestForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            access_services.request_access(
                actor=request.user,
                ledger=Ledger.BULLYING,
                record=case,
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(request, _("Your request is sent to the person in charge."))
            return redirect("casework:access", case.school_id)
    return _no_access(request, case, form, status=400)
