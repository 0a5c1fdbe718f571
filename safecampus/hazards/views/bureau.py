"""The bureau's view across its schools, and its hazard rule set."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view
from safecampus.hazards import forms, queries, services
from safecampus.hazards.rules import rules_for


@org_view(Cap.HAZARD_VIEW)
def overview(request, org):
    lists = queries.bureau_lists(user=request.user, bureau=org)
    summary = queries.school_summary(user=request.user, bureau=org)
    totals = {
        key: sum(row[key] for row in summary)
        for key in ("total", "open", "closed", "overdue", "major_open")
    }
    totals["rate"] = round(100 * totals["closed"] / totals["total"]) if totals["total"] else None
    return render(
        request,
        "hazards/overview.html",
        {
            "org": org,
            "summary": summary,
            "totals": totals,
            "status_counts": queries.status_counts(user=request.user, bureau=org),
            "overdue": lists["overdue"],
            "supervised": lists["supervised"],
        },
    )


@org_view(Cap.HAZARD_RULES)
def rules(request, org):
    current = rules_for(org)
    own = queries.own_rules(user=request.user, org=org)
    initial = {
        "general_days": current.general_days,
        "major_days": current.major_days,
        "remind_days": current.remind_days,
        "principal_after_days": current.principal_after_days,
        "source": current.source,
    }
    form = forms.RuleSetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_rules(actor=request.user, org=org, **form.cleaned_data)
        messages.success(request, _("The hazard rules were saved; they apply to every school."))
        return redirect("hazards:rules", org.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "hazards/rules.html",
        {"org": org, "form": form, "own": own, "current": current},
        status=status,
    )
