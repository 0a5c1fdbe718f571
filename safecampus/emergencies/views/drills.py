"""Drills of a school: history with compliance, plan, record the run, summary."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.phonequeue import offline_ready
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.emergencies import compliance, forms, queries
from safecampus.emergencies.services import drills as services
from safecampus.emergencies.views.replies import or_404
from safecampus.students.queries import roll_by_key


def _drill(request, school, drill_id):
    return or_404(queries.drills(user=request.user, school=school).filter(pk=drill_id).first())


@school_view(Cap.DRILL_VIEW)
def drill_list(request, school):
    return render(
        request,
        "emergencies/drills.html",
        {
            "school": school,
            "page": paginate(request, queries.drills(user=request.user, school=school)),
            "compliance": compliance.for_school(school),
            "can_manage": has_cap(request.user, Cap.DRILL_MANAGE, school),
        },
    )


@school_view(Cap.DRILL_MANAGE)
def drill_create(request, school):
    form = forms.DrillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            drill = services.plan_drill(
                actor=request.user,
                school=school,
                kind=data["kind"],
                planned_on=data["planned_on"],
                scenario=data["scenario"],
                classes=services.parse_classes(data["classes"]),
                client_uuid=data["client_uuid"],
            )
        if call.ok:
            messages.success(request, _("Drill planned."))
            return redirect(drill)
    return render(request, "emergencies/drill_form.html", {"school": school, "form": form})


@school_view(Cap.DRILL_VIEW)
def drill_detail(request, school, drill_id):
    drill = _drill(request, school, drill_id)
    return render(
        request,
        "emergencies/drill.html",
        {
            "school": school,
            "drill": drill,
            "classes": drill.classes.all(),
            "problems": drill.problem_rows.select_related("hazard"),
            "can_manage": has_cap(request.user, Cap.DRILL_MANAGE, school),
            "roll": roll_by_key(f"drill:{drill.pk}"),
            "may_roll": has_cap(request.user, Cap.ROLL_MARK, school)
            or has_cap(request.user, Cap.ROLL_VIEW, school),
            "today": timezone.localdate(),
            "summary_form": forms.SummaryForm(
                initial={"summary": drill.summary, "feedback": drill.feedback}
            ),
        },
    )


@offline_ready
@school_view(Cap.DRILL_MANAGE)
def drill_run(request, school, drill_id):
    drill = _drill(request, school, drill_id)
    form = forms.DrillRunForm(request.POST or None, drill=drill)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            services.record_run(
                actor=request.user,
                drill=drill,
                started_at=data["started_at"],
                alarm_at=data["alarm_at"],
                evacuated_at=data["evacuated_at"],
                counts=form.counts(),
                problems=data["problems"],
                problem_place=data["problem_place"],
                client_uuid=data["client_uuid"],
            )
        if call.ok:
            messages.success(request, _("Drill recorded; its problems are in the hazard ledger."))
            return redirect(drill)
    return render(
        request, "emergencies/drill_run.html", {"school": school, "drill": drill, "form": form}
    )


@require_POST
@school_view(Cap.DRILL_MANAGE)
def drill_summary(request, school, drill_id):
    drill = _drill(request, school, drill_id)
    form = forms.SummaryForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            services.summarise(actor=request.user, drill=drill, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Summary saved."))
    else:
        messages.error(request, _("Write the summary."))
    return redirect(drill)


@require_POST
@school_view(Cap.DRILL_MANAGE)
def drill_roll(request, school, drill_id):
    """The evacuation starts: the roll of every class opens for the teachers."""
    drill = _drill(request, school, drill_id)
    with service_call(request) as call:
        roll = services.start_roll(actor=request.user, drill=drill)
    return redirect(roll if call.ok else drill)
