"""Oversight: a school's completion of checks by day, checklist, post and person; a bureau's
completion per school, lowest first. Both export to xlsx."""

from django.shortcuts import render

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, school_view
from safecampus.inspections import exports, forms, queries


def _period(request):
    form = forms.PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    start, end = queries.period(data.get("start"), data.get("end"))
    if not form.is_bound:
        form = forms.PeriodForm(initial={"start": start, "end": end})
    return form, start, end


@school_view(Cap.CHECK_VIEW)
def school_oversight(request, school):
    form, start, end = _period(request)
    data = queries.school_oversight(school=school, start=start, end=end)
    missed = queries.missed_tasks(school=school, start=start, end=end)
    failures = queries.failures(school=school, start=start, end=end)
    if request.GET.get("format") == "xlsx":
        return exports.school_response(school, data, missed, failures, start, end)
    return render(
        request,
        "inspections/oversight.html",
        {
            "school": school,
            "form": form,
            "start": start,
            "end": end,
            "data": data,
            "missed": paginate(request, missed, 20),
            "failures": failures[:20],
            "query": f"start={start}&end={end}",
        },
    )


@org_view(Cap.CHECK_VIEW)
def bureau_oversight(request, org):
    form, start, end = _period(request)
    table = queries.bureau_oversight(user=request.user, bureau=org, start=start, end=end)
    if request.GET.get("format") == "xlsx":
        return exports.bureau_response(org, table, start, end)
    return render(
        request,
        "inspections/bureau.html",
        {
            "org": org,
            "form": form,
            "start": start,
            "end": end,
            "page": paginate(request, table),
            "query": f"start={start}&end={end}",
        },
    )
