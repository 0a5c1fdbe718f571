"""Oversight: a school's patrol completion by day, route and guard, its missed rounds and the
problems found; the bureau's completion rate per school, lowest first; xlsx of both."""

from django.shortcuts import render

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, school_view
from safecampus.patrols import queries
from safecampus.patrols.forms import PeriodForm
from safecampus.patrols.rules import rules_for
from safecampus.patrols.xlsx import bureau_response, school_response


def _period(request):
    form = PeriodForm(request.GET or None)
    start, end = form.period()
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
            "page": paginate(request, rows),
            "query": _query(request),
        },
    )


@org_view(Cap.PATROL_VIEW)
def bureau_export(request, org):
    _form, start, end = _period(request)
    return bureau_response(request.user, org, start, end)
