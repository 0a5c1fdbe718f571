"""The defences page of a school (what is wrong first) or of a bureau (its schools, short of
guards first), the staffing computed from the rules, and the bureau's choice of rule set."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.metrics import get
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.defences.forms.staff import RequiredLineForm, RequiredRemoveForm, RuleChoiceForm
from safecampus.defences.models import RequiredEquipment, StaffingRuleSet
from safecampus.defences.queries import checks as check_queries
from safecampus.defences.queries import compliance as compliance_queries
from safecampus.defences.queries import equipment as equipment_queries
from safecampus.defences.queries import roster as roster_queries
from safecampus.defences.queries import staff as staff_queries
from safecampus.defences.queries import staffing as queries
from safecampus.defences.queries import systems as system_queries
from safecampus.defences.rules import rules_for
from safecampus.defences.services import required as required_services
from safecampus.defences.services import rules as services


def _bureau_rows(request, org, short_only):
    rows = queries.schools_staffing(request.user, org, short_only=short_only)
    # Schools short of guards first, then those with people whose papers are wrong.
    rows.sort(key=lambda r: (-r.short, -r.problems, r.school.path))
    return paginate(request, rows)


@org_view(Cap.DEFENCE_VIEW)
def home(request, org):
    if org.is_school:
        rules = rules_for(org)
        people = staff_queries.with_problems_first(request.user, org, rules)
        checks = check_queries.school_people(request.user, org, rules)
        items = equipment_queries.judged(equipment_queries.items_of(request.user, org))
        systems = system_queries.judged(system_queries.systems_of(request.user, org), rules)
        staffing = queries.school_staffing(org, rules)
        context = {
            "org": org,
            "rules": rules,
            "staffing": staffing,
            "people": people,
            "wrong": [pair for pair in people if pair[1]],
            "checks_overdue": [p for p in checks if p.status in check_queries.OVERDUE],
            "items_due": [pair for pair in items if pair[1]],
            "systems_wrong": [pair for pair in systems if pair[1]],
            "figures": list(
                zip(
                    [get(key) for key in compliance_queries.FOUR],
                    compliance_queries.four_of_school(
                        org,
                        rules,
                        staffing,
                        [system for system, _states in systems],
                        roster_queries.week_of(timezone.localdate()),
                    ),
                    strict=True,
                )
            ),
            "duty_gaps": roster_queries.gaps_by_school(
                Org.objects.filter(pk=org.pk), roster_queries.week_of(timezone.localdate())
            ).get(org.pk, (0, 0)),
        }
        return render(request, "defences/school_home.html", context)
    page = _bureau_rows(request, org, short_only=False)
    context = {
        "org": org,
        "page": page,
        "rules": rules_for(org),
        "totals": queries.totals(page.paginator.object_list),
    }
    return render(request, "defences/bureau_home.html", context)


@org_view(Cap.DEFENCE_VIEW)
def staffing(request, org):
    rules = rules_for(org)
    if org.is_school:
        context = {"org": org, "rules": rules, "staffing": queries.school_staffing(org, rules)}
        return render(request, "defences/school_staffing.html", context)
    short_only = request.GET.get("short") == "1"
    context = {
        "org": org,
        "rules": rules,
        "page": _bureau_rows(request, org, short_only),
        "short_only": short_only,
        "query": "short=1" if short_only else "",
    }
    return render(request, "defences/bureau_staffing.html", context)


def _rules_page(request, org, form=None, line_form=None, status=200):
    current = rules_for(org)
    context = {
        "org": org,
        "form": form or RuleChoiceForm(initial={"rule_set": current}),
        "line_form": line_form or RequiredLineForm(),
        "current": current,
        "lines": RequiredEquipment.objects.filter(rule_set=current).select_related("kind"),
        "rule_sets": StaffingRuleSet.objects.all(),
    }
    return render(request, "defences/rules.html", context, status=status)


@org_view(Cap.DEFENCE_VIEW)
def rules(request, org):
    if org.is_school:
        raise Http404
    form = RuleChoiceForm(request.POST or None, initial={"rule_set": rules_for(org)})
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.choose_rule_set(
                actor=request.user, org=org, rule_set=form.cleaned_data["rule_set"]
            )
        if call.ok:
            messages.success(request, _("The rule set was chosen."))
            return redirect("defences:rules", org.pk)
    status = 400 if request.method == "POST" else 200
    return _rules_page(request, org, form=form, status=status)


@require_POST
@org_view(Cap.DEFENCE_RULES)
def rules_equipment(request, org):
    """Set a line of required equipment in the rule set in force here."""
    if org.is_school:
        raise Http404
    form = RequiredLineForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            required_services.set_line(actor=request.user, org=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The required equipment was saved."))
            return redirect("defences:rules", org.pk)
    return _rules_page(request, org, line_form=form, status=400)


@require_POST
@org_view(Cap.DEFENCE_RULES)
def rules_equipment_remove(request, org):
    if org.is_school:
        raise Http404
    form = RequiredRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the type."))
        return redirect("defences:rules", org.pk)
    with service_call(request) as call:
        required_services.remove_line(actor=request.user, org=org, kind=form.cleaned_data["kind"])
    if call.ok:
        messages.success(request, _("The line was removed."))
    return redirect("defences:rules", org.pk)
