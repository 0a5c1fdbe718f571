"""Confiscations, the gate duty log and the xlsx reports of a date range."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.gate import forms, queries
from safecampus.gate.services.confiscations import record_confiscation
from safecampus.gate.services.duty import record_duty
from safecampus.gate.services.settings import save_settings
from safecampus.students import queries as student_queries


def _form_page(request, school, form, *, save, success, done, title):
    """A one-form page: a valid POST runs the service and answers with `done()` (a redirect);
    bad input re-shows the form, with what was typed, as a 400."""
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            save(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(request, success)
            return done()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "gate/simple_form.html",
        {"school": school, "form": form, "title": title},
        status=status,
    )


@school_view(Cap.GATE_VIEW)
def confiscation_list(request, school):
    rows = queries.confiscations(user=request.user, school=school)
    return render(
        request,
        "gate/confiscations.html",
        {"school": school, "page": paginate(request, rows)},
    )


@school_view(Cap.STUDENT_VIEW)
def confiscation_create(request, school):
    form = forms.ConfiscationForm(
        request.POST or None,
        students=student_queries.students(user=request.user, school=school),
    )

    def done():
        # Whoever may not read the list (a teacher) goes home after recording.
        if has_cap(request.user, Cap.GATE_VIEW, school):
            return redirect("gate:confiscations", school.pk)
        return redirect("core:home")

    return _form_page(
        request,
        school,
        form,
        save=record_confiscation,
        success=_("Recorded; the head teacher has been told."),
        done=done,
        title=_("Record a confiscated item"),
    )


@school_view(Cap.GATE_VIEW)
def duty_list(request, school):
    rows = queries.duty_logs(user=request.user, school=school)
    return render(
        request,
        "gate/duty.html",
        {
            "school": school,
            "page": paginate(request, rows),
            "can_desk": has_cap(request.user, Cap.GATE_DESK, school),
        },
    )


@school_view(Cap.GATE_DESK)
def duty_create(request, school):
    form = forms.DutyForm(request.POST or None)
    return _form_page(
        request,
        school,
        form,
        save=record_duty,
        success=_("Gate duty recorded."),
        done=lambda: redirect("gate:duty", school.pk),
        title=_("Record gate duty"),
    )


@school_view(Cap.SCHOOL_EDIT)
def gate_settings(request, school):
    current = queries.settings_for(school)
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "closing_time": current.closing_time,
            "default_stay_minutes": current.default_stay_minutes,
        },
    )
    return _form_page(
        request,
        school,
        form,
        save=save_settings,
        success=_("Gate settings saved."),
        done=lambda: redirect("gate:settings", school.pk),
        title=_("Gate settings"),
    )


@school_view(Cap.GATE_REPORT)
def reports(request, school):
    form, start, end = forms.RangeForm.default_range(request.GET, days=30)
    if request.GET.get("download") and form.is_bound and form.is_valid():
        from safecampus.gate.exports import gate_report_response

        return gate_report_response(user=request.user, school=school, start=start, end=end)
    return render(request, "gate/reports.html", {"school": school, "form": form})
