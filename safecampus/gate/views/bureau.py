"""The bureau's view of the gates: counts per school and gate duty coverage."""

from django.shortcuts import render

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view
from safecampus.gate import forms, queries


@org_view(Cap.GATE_OVERSIGHT)
def overview(request, org):
    form, start, end = forms.RangeForm.default_range(request.GET, days=30)
    return render(
        request,
        "gate/overview.html",
        {
            "org": org,
            "form": form,
            "start": start,
            "end": end,
            "counts": queries.bureau_counts(user=request.user, bureau=org, start=start, end=end),
            "coverage": queries.coverage(user=request.user, bureau=org, start=start, end=end),
        },
    )
