"""Hiring checks (入职查询): a school's staff with their check's state, the most urgent first,
and the form to record a check; a bureau's schools with how many people are overdue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.defences.forms.staff import CheckForm
from safecampus.defences.queries import checks as queries
from safecampus.defences.queries import staffing as staffing_queries
from safecampus.defences.rules import rules_for
from safecampus.defences.services import checks as services


@org_view(Cap.DEFENCE_VIEW)
def checks(request, org):
    rules = rules_for(org)
    if not org.is_school:
        overdue = queries.overdue_by_school(request.user, org, rules)
        rows = staffing_queries.schools_staffing(request.user, org)
        for row in rows:
            row.overdue = overdue.get(row.school.pk, 0)
        rows.sort(key=lambda r: (-r.overdue, r.school.path))
        context = {"org": org, "rules": rules, "page": paginate(request, rows)}
        return render(request, "defences/bureau_checks.html", context)
    people = queries.school_people(request.user, org, rules)
    form = CheckForm(request.POST or None, people=people)
    if request.method == "POST":
        if not has_cap(request.user, Cap.DEFENCE_MANAGE, org):
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            person = services.person_of(org, data.pop("person"))
            with service_call(request, form) as call:
                services.record_check(actor=request.user, school=org, person=person, **data)
            if call.ok:
                messages.success(request, _("The check was recorded."))
                return redirect("defences:checks", org.pk)
    context = {
        "org": org,
        "rules": rules,
        "form": form,
        "page": paginate(request, people),
        "overdue": sum(1 for p in people if p.status in queries.OVERDUE),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "defences/school_checks.html", context, status=status)
