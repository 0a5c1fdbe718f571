"""Schedules: who checks what, when."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.inspections import forms, queries, services
from safecampus.inspections.library import BY_KEY
from safecampus.inspections.models import Schedule


@school_view(Cap.CHECK_VIEW)
def schedule_list(request, school):
    page = paginate(request, queries.schedules(user=request.user, school=school))
    return render(
        request,
        "inspections/schedules.html",
        {
            "school": school,
            "page": page,
            "can_manage": has_cap(request.user, Cap.CHECK_MANAGE, school),
        },
    )


def _initial(user, school, template_id):
    """The library's suggested timing when the checklist came from it."""
    initial = {"starts_on": timezone.localdate()}
    template = queries.checklists(user=user, school=school).filter(pk=template_id).first()
    if template is None:
        return initial
    initial["template"] = template.pk
    entry = BY_KEY.get(template.library_key)
    if entry is not None:
        initial.update(
            recurrence=entry.recurrence,
            at=entry.at,
            window_minutes=entry.minutes,
            weekday=entry.weekday,
            day_number=entry.day_number,
            school_days_only=entry.school_days_only,
        )
    return initial


@school_view(Cap.CHECK_MANAGE)
def schedule_create(request, school):
    template_id = request.GET.get("template", "")
    form = forms.ScheduleForm(
        request.POST or None,
        initial=_initial(request.user, school, template_id) if template_id.isdigit() else None,
        school=school,
        people=core_queries.school_people_choices(school),
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.create_schedule(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The check was scheduled."))
            return redirect("inspections:schedules", school.pk)
    return render(request, "inspections/schedule_form.html", {"school": school, "form": form})


@require_POST
@school_view(Cap.CHECK_MANAGE)
def schedule_stop(request, school, schedule_id):
    schedules = queries.school_schedules(user=request.user, school=school)
    schedule = get_visible_or_404(request.user, Schedule, schedule_id, schedules)
    with service_call(request) as call:
        services.stop_schedule(actor=request.user, schedule=schedule)
    if call.ok:
        messages.success(request, _("The schedule was stopped."))
    return redirect("inspections:schedules", school.pk)
