"""Pages of need-to-know access: the requests (the person in charge decides, others see their
own), the access report (who read what, when) and the annual compliance report, the rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.casework.exports.compliance import write_compliance
from safecampus.casework.forms.access import DecideForm, LogFilterForm, RequestFilterForm
from safecampus.casework.models import ConcernGroup, RetentionRule
from safecampus.casework.queries import access as queries
from safecampus.casework.queries import concerns as concern_queries
from safecampus.casework.rules import bullying_rules_for, retention_for, rules_for
from safecampus.casework.services import access as services
from safecampus.core.access import first_or_404
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call


@school_view(Cap.CASEWORK_VIEW)
def access(request, school):
    filters = RequestFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    page = paginate(request, queries.requests(user=request.user, school=school, status=status))
    for grant in page.object_list:
        grant.may_decide = services.may_decide(request.user, grant)
        grant.is_mine = grant.requested_by_id == request.user.pk
    return render(
        request,
        "casework/access.html",
        {
            "school": school,
            "filters": filters,
            "page": page,
            "query": urlencode({"status": status} if status else {}),
            "form": DecideForm(),
        },
    )


@require_POST
@login_required
def access_decide(request, grant_id, action):
    if action not in ("approve", "refuse", "withdraw", "revoke"):
        raise Http404
    grant = first_or_404(queries.request_of(user=request.user, grant_id=grant_id))
    form = DecideForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with service_call(request) as call:
        services.decide(actor=request.user, grant=grant, action=action, note=note)
    if call.ok:
        done = {
            "approve": _("Access approved."),
            "refuse": _("Request refused."),
            "withdraw": _("Request withdrawn."),
            "revoke": _("Access revoked."),
        }
        messages.success(request, done[action])
    return redirect("casework:access", grant.school_id)


@school_view(Cap.CASEWORK_AUDIT)
def access_log(request, school):
    filters = LogFilterForm(request.GET or None)
    chosen = filters.filters()
    return render(
        request,
        "casework/access_log.html",
        {
            "school": school,
            "filters": filters,
            "page": paginate(
                request, queries.access_log(user=request.user, school=school, **chosen)
            ),
            "query": urlencode({k: v for k, v in chosen.items() if v}),
            "year": queries.current_year(),
            "years": range(queries.current_year(), queries.current_year() - 5, -1),
        },
    )


@school_view(Cap.CASEWORK_AUDIT)
def compliance(request, school):
    year = queries.valid_year(request.GET.get("year", queries.current_year()))
    if year is None:
        raise Http404
    return write_compliance(
        user=request.user, school=school, year=year, filename=f"casework-compliance-{year}.xlsx"
    )


@school_view(Cap.CASEWORK_VIEW)
def rules(request, school):
    categories = concern_queries.categories()
    groups = [
        (label, [c for c in categories if c.group == value])
        for value, label in ConcernGroup.choices
    ]
    return render(
        request,
        "casework/rules.html",
        {
            "school": school,
            "rules": rules_for(school),
            "bullying": bullying_rules_for(school),
            "retention": [
                rule
                for rule in (retention_for(school, ledger) for ledger, _label in LEDGERS)
                if rule is not None
            ],
            "groups": groups,
        },
    )


LEDGERS = RetentionRule._meta.get_field("ledger").choices
