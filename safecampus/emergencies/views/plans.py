"""Emergency plans of a school: list, page, create and edit."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.emergencies import forms, queries
from safecampus.emergencies.models import EmergencyKind
from safecampus.emergencies.services import plans as services
from safecampus.emergencies.views.replies import or_404


@school_view(Cap.PLAN_VIEW)
def plan_list(request, school):
    page = paginate(request, queries.plans(user=request.user, school=school))
    have = set(queries.plans(user=request.user, school=school).values_list("kind", flat=True))
    missing = [label for value, label in EmergencyKind.choices if value not in have]
    return render(
        request,
        "emergencies/plans.html",
        {
            "school": school,
            "page": page,
            "missing": missing,
            "can_manage": has_cap(request.user, Cap.PLAN_MANAGE, school),
        },
    )


@school_view(Cap.PLAN_VIEW)
def plan_detail(request, school, plan_id):
    plan = or_404(queries.plan_for_page(user=request.user, school=school, plan_id=plan_id))
    return render(
        request,
        "emergencies/plan.html",
        {
            "school": school,
            "plan": plan,
            "can_manage": has_cap(request.user, Cap.PLAN_MANAGE, school),
        },
    )


def _save(request, school, form, plan=None):
    data = form.cleaned_data
    with service_call(request, form):
        return services.save_plan(
            actor=request.user,
            school=school,
            plan=plan,
            kind=data["kind"],
            title=data["title"],
            roles=data["roles"],
            contacts=data["contacts"],
            assembly_points=data["assembly_points"],
            zones=data["zones"],
        )
    return None


@school_view(Cap.PLAN_MANAGE)
def plan_create(request, school):
    form = forms.PlanForm(
        request.POST or None, school=school, initial={"kind": request.GET.get("kind", "")}
    )
    if request.method == "POST" and form.is_valid():
        plan = _save(request, school, form)
        if plan is not None:
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    return render(request, "emergencies/plan_form.html", {"school": school, "form": form})


@school_view(Cap.PLAN_MANAGE)
def plan_edit(request, school, plan_id):
    plan = or_404(queries.plan_for_page(user=request.user, school=school, plan_id=plan_id))
    initial = {
        "kind": plan.kind,
        "title": plan.title,
        "roles": services.roles_text(plan),
        "contacts": plan.contacts,
        "assembly_points": plan.assembly_points,
        "zones": list(plan.zones.all()),
    }
    form = forms.PlanForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, school, form, plan=plan)
        if saved is not None:
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    return render(
        request, "emergencies/plan_form.html", {"school": school, "form": form, "plan": plan}
    )
