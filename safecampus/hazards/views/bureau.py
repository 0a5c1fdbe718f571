"""The bureau's view across its schools, and its hazard rule set."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate
from safecampus.hazards import forms, queries, services
from safecampus.hazards.rules import rules_for


@org_view(Cap.HAZARD_VIEW)
def overview(request, org):
    search = request.GET.get("q", "").strip()[:100]
    summary = queries.bureau_summary(user=request.user, bureau=org)
    schools = queries.matching(summary["schools"], search) if search else summary["schools"]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "org": org,
        "page": paginate(request, schools),
        "q": search,
        "query": query.urlencode(),
    }
    if request.htmx:
        return render(request, "hazards/overview.html#school-rows", context)
    lists = queries.bureau_lists(user=request.user, bureau=org)
    context.update(
        totals=summary["totals"],
        status_counts=summary["status_counts"],
        overdue=lists["overdue"],
        supervised=lists["supervised"],
    )
    return render(request, "hazards/overview.html", context)


@org_view(Cap.HAZARD_REPORT)
def finding(request, org):
    """A bureau files a finding: first the school under it, then the school's report page."""
    schools = queries.finding_schools(user=request.user, bureau=org)
    form = forms.FindingSchoolForm(request.GET or None, schools=schools)
    if form.is_valid():
        return redirect("hazards:report", form.cleaned_data["school"].pk)
    status = 400 if form.is_bound else 200
    return render(request, "hazards/finding.html", {"org": org, "form": form}, status=status)


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
