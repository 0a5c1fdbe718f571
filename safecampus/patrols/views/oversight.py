"""Oversight: a school's patrol completion by day, route and guard, its missed rounds and the
problems found; the bureau's completion rate per school, lowest first; xlsx of both."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, school_view
from safecampus.patrols import queries, services
from safecampus.patrols.exports import bureau_response, school_response
from safecampus.patrols.forms import PeriodForm, RulesForm
from safecampus.patrols.rules import rules_for


def _period(request):
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    if not form.is_bound or form.is_valid():
        # The fields show the period the figures cover (the default, or the chosen one after
        # swapping or capping), never blanks; a refused entry stays with its error.
        form = PeriodForm(initial={"start": start, "end": end})
    return form, start, end


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@school_view(Cap.PATROL_VIEW)
def school_oversight(request, school):
    form, start, end = _period(request)
    args = {"user": request.user, "school": school, "start": start, "end": end}
    return render(
        request,
        "patrols/oversight.html",
        {
            "school": school,
            "form": form,
            "start": start,
            "end": end,
            "rules": rules_for(school),
            "days": queries.by_day(**args),
            "routes": queries.by_route(**args),
            "guards": queries.by_guard(**args),
            "page": paginate(request, queries.missed_rounds(**args)),
            "query": _query(request),
        },
    )


@school_view(Cap.PATROL_VIEW)
def school_export(request, school):
    _form, start, end = _period(request)
    return school_response(request.user, school, start, end)


@school_view(Cap.PATROL_VIEW)
def problem_list(request, school):
    form, start, end = _period(request)
    rows = queries.problems(user=request.user, school=school, start=start, end=end)
    return render(
        request,
        "patrols/problems.html",
        {
            "school": school,
            "form": form,
            "start": start,
            "end": end,
            "page": paginate(request, rows),
            "query": _query(request),
        },
    )


@org_view(Cap.PATROL_VIEW)
def bureau(request, org):
    form, start, end = _period(request)
    rows = queries.bureau_rates(user=request.user, bureau=org, start=start, end=end)
    return render(
        request,
        "patrols/bureau.html",
        {
            "org": org,
            "form": form,
            "start": start,
            "end": end,
            "can_rules": has_cap(request.user, Cap.PATROL_RULES, org),
            "page": paginate(request, rows),
            "query": _query(request),
        },
    )


@org_view(Cap.PATROL_VIEW)
def bureau_export(request, org):
    _form, start, end = _period(request)
    return bureau_response(request.user, org, start, end)


@org_view(Cap.PATROL_RULES)
def rules(request, org):
    current = rules_for(org)
    initial = {
        "min_rounds_per_day": current.min_rounds_per_day,
        "tolerance_minutes": current.tolerance_minutes,
        "late_limit_minutes": current.late_limit_minutes,
        "source": current.source,
    }
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_rules(actor=request.user, org=org, **form.cleaned_data)
        messages.success(request, _("The patrol rules were saved; the schools follow them now."))
        return redirect("patrols:rules", org.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "patrols/rules.html",
        {"org": org, "form": form, "current": current},
        status=status,
    )
