"""Incidents of a school: record (reported upward at once), page with the report's read
receipt, follow-ups and the review."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.emergencies import forms, queries
from safecampus.emergencies.services import incidents as services
from safecampus.emergencies.views.replies import or_404


def _incident(request, school, incident_id):
    return or_404(
        queries.incidents(user=request.user, school=school).filter(pk=incident_id).first()
    )


@school_view(Cap.INCIDENT_VIEW)
def incident_list(request, school):
    page = paginate(request, queries.incidents(user=request.user, school=school))
    return render(
        request,
        "emergencies/incidents.html",
        {
            "school": school,
            "page": page,
            "can_manage": has_cap(request.user, Cap.INCIDENT_MANAGE, school),
        },
    )


@school_view(Cap.INCIDENT_MANAGE)
def incident_create(request, school):
    alarm = queries.alarm_to_follow_up(
        user=request.user, school=school, alarm_id=request.GET.get("alarm")
    )
    initial = {}
    if alarm is not None:
        initial = {"occurred_at": alarm.raised_at, "zone": alarm.zone, "place": alarm.place}
    form = forms.IncidentForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            incident = services.record_incident(
                actor=request.user,
                school=school,
                alarm=alarm,
                **{k: data[k] for k in ("kind", "occurred_at", "place", "zone", "injured")},
                description=data["description"],
                actions=data["actions"],
                client_uuid=data["client_uuid"],
            )
        if call.ok:
            messages.success(request, _("Incident recorded and reported to the bureau."))
            return redirect(incident)
    return render(
        request,
        "emergencies/incident_form.html",
        {"school": school, "form": form, "alarm": alarm},
    )


@school_view(Cap.INCIDENT_VIEW)
def incident_detail(request, school, incident_id):
    incident = _incident(request, school, incident_id)
    # A bureau person opening the report is reading it: the school sees when they did.
    receives = has_cap(request.user, Cap.INCIDENT_RECEIVE, school)
    if receives and services.mark_read(incident=incident, actor=request.user):
        incident = _incident(request, school, incident_id)
    review = getattr(incident, "review", None)
    return render(
        request,
        "emergencies/incident.html",
        {
            "school": school,
            "incident": incident,
            "reports": incident.reports.select_related("bureau", "read_by"),
            "follow_ups": incident.follow_ups.select_related("author"),
            "review": review,
            "measures": review.measures.select_related("hazard", "risk_point") if review else [],
            "alarm": incident.alarm,
            "deliveries": queries.robot_deliveries(incident=incident),
            "can_manage": has_cap(request.user, Cap.INCIDENT_MANAGE, school),
            "follow_up_form": forms.FollowUpForm(),
        },
    )


@require_POST
@school_view(Cap.INCIDENT_MANAGE)
def follow_up(request, school, incident_id):
    incident = _incident(request, school, incident_id)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            services.add_follow_up(
                incident=incident, actor=request.user, text=form.cleaned_data["text"]
            )
        if call.ok:
            messages.success(request, _("Follow-up added."))
    else:
        messages.error(request, _("Write the follow-up."))
    return redirect(incident)


@school_view(Cap.INCIDENT_MANAGE)
def review(request, school, incident_id):
    incident = _incident(request, school, incident_id)
    form = forms.ReviewForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lines = [line.strip() for line in data["hazard_measures"].splitlines() if line.strip()]
        reason = data["risk_reason"].strip()
        with service_call(request, form) as call:
            services.review(
                incident=incident,
                actor=request.user,
                causes=data["causes"],
                gaps=data["gaps"],
                hazard_measures=[(line, incident.place, data["category"]) for line in lines],
                risk_measures=[(reason, point) for point in data["risk_points"]],
            )
        if call.ok:
            messages.success(request, _("Review saved; its measures are in the ledgers."))
            return redirect(incident)
    return render(
        request,
        "emergencies/review_form.html",
        {"school": school, "incident": incident, "form": form},
    )
