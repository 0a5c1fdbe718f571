"""Pages of the persons of concern: the school's list (names masked without the ledger's
capability), opening a case, the case page (each full read audited; without the right, a
request for access), and the moves of a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.casework.forms.access import RequestForm
from safecampus.casework.forms.concerns import (
    AssessForm,
    CloseForm,
    FilterForm,
    FollowUpForm,
    OpenForm,
)
from safecampus.casework.models import Ledger
from safecampus.casework.queries import access as access_queries
from safecampus.casework.queries import concerns as queries
from safecampus.casework.rules import rules_for
from safecampus.casework.services import access as access_services
from safecampus.casework.services import concerns as services
from safecampus.core.access import first_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, school_view, service_call


@school_view()
def concern_list(request, school):
    if not queries.may_list(request.user, school):
        raise PermissionDenied
    filters = FilterForm(request.GET or None)
    rows = queries.concerns(user=request.user, school=school, **filters.filters())
    query = {
        k: v
        for k, v in request.GET.items()
        if k in ("status", "risk_level", "overdue", "flagged") and v
    }
    return render(
        request,
        "casework/concern_list.html",
        {
            "school": school,
            "filters": filters,
            "page": paginate(request, rows),
            "query": urlencode(query),
            "names": access_queries.sees_names(request.user, Ledger.CONCERN, school),
            "counts": queries.counts(user=request.user, school=school),
            "may_open": has_cap(request.user, Cap.CONCERN_MANAGE, school),
        },
    )


@org_view(Cap.CONCERN_FLAGGED)
def flagged(request, org):
    """The police liaison's cases across the schools under an org."""
    return render(
        request,
        "casework/flagged.html",
        {"org": org, "page": paginate(request, queries.flagged_under(user=request.user, org=org))},
    )


@school_view(Cap.CONCERN_MANAGE)
def concern_open(request, school):
    form = OpenForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            concern = services.open_concern(actor=request.user, school=school, **form.arguments())
        if call.ok:
            messages.success(request, _("The case is opened."))
            return redirect(concern.get_absolute_url())
    return render(
        request,
        "casework/concern_form.html",
        {"school": school, "form": form, "rules": rules_for(school)},
        status=400 if request.method == "POST" else 200,
    )


def _concern(request, concern_id):
    return first_or_404(queries.concern_of(user=request.user, concern_id=concern_id))


def _no_access(request, concern, form=None, status=403):
    """The case exists and the person may know of it, but not read it: the reason to ask."""
    may_ask = has_cap(request.user, Cap.CASEWORK_VIEW, concern.school)
    return render(
        request,
        "casework/no_access.html",
        {
            "school": concern.school,
            "record": concern,
            "masked_name": concern.masked_name,
            "request_url": "casework:concern_request",
            "form": form or RequestForm(),
            "may_ask": may_ask,
            "pending": access_queries.pending_request(request.user, Ledger.CONCERN, concern.pk),
        },
        status=status,
    )


@login_required
def concern_detail(request, concern_id):
    concern = _concern(request, concern_id)
    if not access_queries.may_read(request.user, Ledger.CONCERN, concern):
        return _no_access(request, concern)
    basis = access_services.read_record(actor=request.user, ledger=Ledger.CONCERN, record=concern)
    return _page(request, concern, basis)


def _page(request, concern, basis, **forms):
    may_manage = services.may_manage(request.user, concern)
    return render(
        request,
        "casework/concern.html",
        {
            "school": concern.school,
            "concern": concern,
            "basis": basis,
            "grant": access_queries.active_grant(request.user, Ledger.CONCERN, concern.pk)
            if basis == "grant"
            else None,
            "follow_ups": queries.follow_ups(concern),
            "overdue": queries.overdue_follow_up(concern),
            "may_manage": may_manage,
            "assess_form": forms.get("assess_form")
            or AssessForm(
                initial={
                    "risk_level": concern.risk_level,
                    "psych_risk": concern.psych_risk,
                    "assessment": concern.assessment,
                    "measures": concern.measures,
                }
            ),
            "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
            "close_form": forms.get("close_form") or CloseForm(),
            "rules": rules_for(concern.school),
        },
        status=400 if forms else 200,
    )


def _managed(request, concern_id):
    concern = _concern(request, concern_id)
    if not services.may_manage(request.user, concern):
        raise PermissionDenied
    return concern


def _after_move(request, concern, form_name, form):
    """A refused move shows the case again with what was typed (and the read is audited)."""
    basis = access_services.read_record(actor=request.user, ledger=Ledger.CONCERN, record=concern)
    return _page(request, concern, basis, **{form_name: form})


@require_POST
@login_required
def concern_assess(request, concern_id):
    concern = _managed(request, concern_id)
    form = AssessForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.assess(actor=request.user, concern=concern, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The assessment is saved."))
            return redirect(concern.get_absolute_url())
    return _after_move(request, concern, "assess_form", form)


@require_POST
@login_required
def concern_follow_up(request, concern_id):
    concern = _managed(request, concern_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.follow_up(actor=request.user, concern=concern, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The follow-up is recorded."))
            return redirect(concern.get_absolute_url())
    return _after_move(request, concern, "follow_up_form", form)


@require_POST
@login_required
def concern_move(request, concern_id, action):
    if action not in ("flag", "close", "reopen"):
        raise Http404
    concern = _managed(request, concern_id)
    form = CloseForm(request.POST) if action == "close" else None
    if form is not None and not form.is_valid():
        return _after_move(request, concern, "close_form", form)
    reason = form.cleaned_data["reason"] if form is not None else ""
    with service_call(request, form) as call:
        services.move(actor=request.user, concern=concern, action=action, reason=reason)
    if call.ok:
        done = {
            "flag": _("The case is flagged to the police liaison."),
            "close": _("The case is closed."),
            "reopen": _("The case is reopened."),
        }
        messages.success(request, done[action])
    elif form is not None:
        return _after_move(request, concern, "close_form", form)
    return redirect(concern.get_absolute_url())


@require_POST
@login_required
def concern_request(request, concern_id):
    concern = _concern(request, concern_id)
    if not has_cap(request.user, Cap.CASEWORK_VIEW, concern.school):
        raise PermissionDenied
    form = RequestForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            access_services.request_access(
                actor=request.user,
                ledger=Ledger.CONCERN,
                record=concern,
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(request, _("Your request is sent to the person in charge."))
            return redirect("casework:access", concern.school_id)
    return _no_access(request, concern, form, status=400)
