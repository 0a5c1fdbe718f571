"""The alarm: raising it, its page with the 1-3-5 clock and who is where, and every answer."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.emergencies import forms, queries
from safecampus.emergencies.models import (
    PLAN_FOR_ALARM,
    AlarmKind,
)
from safecampus.emergencies.services import alarms as services
from safecampus.emergencies.views.replies import done, or_404, refused, wants_json
from safecampus.students.queries import roll_by_key


def _alarm(request, school, alarm_id):
    return or_404(queries.alarm_for_page(user=request.user, school=school, alarm_id=alarm_id))


@school_view(Cap.ALARM_VIEW)
def index(request, school):
    page = paginate(request, queries.alarms(user=request.user, school=school))
    return render(
        request,
        "emergencies/index.html",
        {
            "school": school,
            "page": page,
            "counts": queries.alarm_counts(user=request.user, school=school),
            "can_raise": has_cap(request.user, Cap.ALARM_RAISE, school),
            "can_manage": has_cap(request.user, Cap.ALARM_MANAGE, school),
        },
    )


@school_view(Cap.ALARM_RAISE)
def raise_alarm(request, school):
    # Placed first where the person stands on duty; one tap on the list changes it.
    initial = None
    if request.method != "POST":
        initial = {"zone": queries.post_zone(user=request.user, school=school)}
    form = forms.RaiseForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            alarm = services.raise_alarm(
                actor=request.user,
                school=school,
                kind=data["kind"],
                zone=data["zone"],
                place=data["place"],
                client_uuid=data["client_uuid"],
            )
        if call.ok:
            return redirect(alarm.get_absolute_url())
    return render(
        request,
        "emergencies/raise.html",
        {"school": school, "form": form, "kinds": AlarmKind.choices},
    )


def _page_context(request, school, alarm):
    activation = getattr(alarm, "activation", None)
    mine = queries.own_response(user=request.user, alarm=alarm)
    return {
        "school": school,
        "alarm": alarm,
        "stages": alarm.stages(),
        "responses": queries.responses(alarm),
        "mine": mine,
        "checklist": queries.checklist(activation) if activation else None,
        "activation": activation,
        "plans": queries.plans_to_activate(user=request.user, school=school),
        "suggested": PLAN_FOR_ALARM.get(alarm.kind),
        "deliveries": queries.robot_deliveries(alarm=alarm),
        "can_respond": has_cap(request.user, Cap.ALARM_RESPOND, school),
        "can_act": has_cap(request.user, Cap.ALARM_RAISE, school)
        or has_cap(request.user, Cap.ALARM_RESPOND, school),
        "can_manage": has_cap(request.user, Cap.ALARM_MANAGE, school),
        "is_raiser": alarm.raised_by_id == request.user.pk,
        "can_record_incident": has_cap(request.user, Cap.INCIDENT_MANAGE, school),
        "note_form": forms.NoteForm(),
        "close_form": forms.CloseForm(),
        "roll": roll_by_key(services.roll_key(alarm)),
        "may_roll": has_cap(request.user, Cap.ROLL_MARK, school)
        or has_cap(request.user, Cap.ROLL_VIEW, school),
    }


@school_view(Cap.ALARM_VIEW)
def alarm_detail(request, school, alarm_id):
    alarm = _alarm(request, school, alarm_id)
    return render(request, "emergencies/alarm.html", _page_context(request, school, alarm))


@school_view(Cap.ALARM_VIEW)
def alarm_status(request, school, alarm_id):
    """The live part of the alarm page, re-fetched when the alarm feed says it changed."""
    alarm = _alarm(request, school, alarm_id)
    return render(request, "emergencies/_alarm_status.html", _page_context(request, school, alarm))


def _act(request, school, alarm_id, action, success):
    alarm = _alarm(request, school, alarm_id)
    with service_call(request, show=False) as call:
        action(alarm)
    if not call.ok:
        return refused(request, alarm.get_absolute_url(), call.error)
    if success and not wants_json(request):
        messages.success(request, success)
    return done(request, alarm.get_absolute_url())


@require_POST
@school_view(Cap.ALARM_RESPOND)
def acknowledge(request, school, alarm_id):
    return _act(
        request,
        school,
        alarm_id,
        lambda a: services.acknowledge(alarm=a, actor=request.user),
        None,
    )


@require_POST
@school_view(Cap.ALARM_RESPOND)
def respond(request, school, alarm_id):
    arrived = request.POST.get("state") == "arrived"
    return _act(
        request,
        school,
        alarm_id,
        lambda a: services.respond(alarm=a, actor=request.user, arrived=arrived),
        _("Recorded: you have arrived.") if arrived else _("Recorded: you are on your way."),
    )


@require_POST
@school_view(Cap.ALARM_VIEW)
def self_rescue(request, school, alarm_id):
    note = request.POST.get("note", "")
    return _act(
        request,
        school,
        alarm_id,
        lambda a: services.record_self_rescue(alarm=a, actor=request.user, note=note),
        _("Self-rescue recorded."),
    )


@require_POST
@school_view(Cap.ALARM_RESPOND)
def reinforcement(request, school, alarm_id):
    note = request.POST.get("note", "")
    return _act(
        request,
        school,
        alarm_id,
        lambda a: services.record_reinforcement(alarm=a, actor=request.user, note=note),
        _("Reinforcement's arrival recorded."),
    )


@require_POST
@school_view(Cap.ALARM_RESPOND)
def activate_plan(request, school, alarm_id):
    plan = (
        queries.plans_to_activate(user=request.user, school=school)
        .filter(pk=request.POST.get("plan") or 0)
        .first()
    )
    if plan is None:
        alarm = _alarm(request, school, alarm_id)
        return refused(request, alarm.get_absolute_url(), DomainError(_("Choose a plan.")))
    return _act(
        request,
        school,
        alarm_id,
        lambda a: services.activate_plan(alarm=a, actor=request.user, plan=plan),
        _("Plan activated: each role has its checklist."),
    )


@require_POST
@school_view(Cap.ALARM_VIEW)
def check_step(request, school, alarm_id, step_id):
    def action(alarm):
        activation = getattr(alarm, "activation", None)
        if activation is None:
            raise DomainError(_("No plan is active for this alarm."))
        services.check_step(activation=activation, step_id=step_id, actor=request.user)

    return _act(request, school, alarm_id, action, None)


@require_POST
@school_view(Cap.ALARM_VIEW)
def close(request, school, alarm_id):
    form = forms.CloseForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    false_alarm = bool(data.get("false_alarm"))
    return _act(
        request,
        school,
        alarm_id,
        lambda a: services.close(
            alarm=a, actor=request.user, note=data.get("note", ""), false_alarm=false_alarm
        ),
        _("The false alarm was cancelled; it stays on record.")
        if false_alarm
        else _("The alarm is closed."),
    )
