"""The bureau's counts of risks by level across its schools, its major risks, and its rules."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate
from safecampus.risks import queries, services
from safecampus.risks.forms import RiskRulesForm
from safecampus.risks.levels import Level
from safecampus.risks.rules import rules_for


@org_view(Cap.RISK_VIEW)
def overview(request, org):
    rules = rules_for(org)
    per_school, by_level, school_total = queries.school_counts(user=request.user, bureau=org)
    levels = [Level(v) for v in rules.levels()]
    rows = [
        (school, [counts.get(str(level), 0) for level in levels], counts.get("unassessed", 0))
        for school, counts in per_school
    ]
    totals = [by_level.get(str(level), 0) for level in levels]
    return render(
        request,
        "risks/overview.html",
        {
            "org": org,
            "levels": levels,
            "colours": rules.colours,
            "rows": rows,
            "totals": totals,
            "school_total": school_total,
            "ranked": school_total > queries.SCHOOLS_LISTED,
            "majors": paginate(request, queries.major_risks(user=request.user, bureau=org)),
        },
    )


def _initial(rules):
    def bound(bands, level):
        return next((lower for lower, lvl in bands if lvl == level), None)

    return {
        "scheme": "four" if Level.SIGNIFICANT in rules.levels() else "three",
        "lec_major": bound(rules.lec_bands, Level.MAJOR),
        "lec_significant": bound(rules.lec_bands, Level.SIGNIFICANT),
        "lec_general": bound(rules.lec_bands, Level.GENERAL),
        "matrix_major": bound(rules.matrix_bands, Level.MAJOR),
        "matrix_significant": bound(rules.matrix_bands, Level.SIGNIFICANT),
        "matrix_general": bound(rules.matrix_bands, Level.GENERAL),
        "review_months": rules.review_months,
        "source": rules.source,
    }


@org_view(Cap.RISK_RULES)
def rules(request, org):
    current = rules_for(org)
    form = RiskRulesForm(request.POST or None, initial=_initial(current))
    if request.method == "POST" and form.is_valid():
        bands = form.bands()
        services.set_rules(
            actor=request.user,
            org=org,
            lec_bands=bands["lec"],
            matrix_bands=bands["matrix"],
            review_months=form.cleaned_data["review_months"],
            source=form.cleaned_data["source"],
        )
        messages.success(request, _("The risk rules were saved; new assessments use them."))
        return redirect("risks:rules", org.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "risks/rules.html", {"org": org, "form": form, "current": current}, status=status
    )
