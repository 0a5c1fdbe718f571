"""Alarm devices of a school, robots of a school or bureau, and a bureau's emergency rules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.models import Robot
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, school_view, service_call
from safecampus.emergencies import broadcast, forms, queries
from safecampus.emergencies.models import AlarmDevice, AlarmKind
from safecampus.emergencies.rules import rules_for
from safecampus.emergencies.services import devices as device_services
from safecampus.emergencies.services import robots as robot_services
from safecampus.emergencies.services import rules as rule_services


@school_view(Cap.ALARM_MANAGE)
def devices(request, school):
    form = forms.DeviceForm(request.POST or None, school=school)
    key = None
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            _device, key = device_services.add_device(
                actor=request.user, school=school, **form.cleaned_data
            )
        if call.ok:
            form = forms.DeviceForm(school=school)
    return render(
        request,
        "emergencies/devices.html",
        {
            "school": school,
            "form": form,
            "key": key,
            "page": paginate(request, queries.devices(user=request.user, school=school)),
        },
    )


@require_POST
@school_view(Cap.ALARM_MANAGE)
def device_revoke(request, school, device_id):
    devices = queries.devices(user=request.user, school=school)
    device = get_visible_or_404(request.user, AlarmDevice, device_id, queryset=devices)
    device_services.revoke_device(actor=request.user, device=device)
    messages.success(request, _("The device's key no longer works."))
    return redirect("emergencies:devices", school.pk)


def _robot_cap(org):
    return Cap.ALARM_MANAGE if org.is_school else Cap.EMERGENCY_RULES


@org_view()
def robots(request, org):
    cap = _robot_cap(org)
    if not has_cap(request.user, cap, org):
        raise PermissionDenied
    form = forms.RobotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            robot_services.add_robot(actor=request.user, org=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Robot added."))
            return redirect("emergencies:robots", org.pk)
    return render(
        request,
        "emergencies/robots.html",
        {
            "org": org,
            "form": form,
            "page": paginate(request, queries.robots(user=request.user, org=org, capability=cap)),
            "failed": queries.failed_deliveries(org=org)[:20],
        },
    )


@require_POST
@org_view()
def robot_remove(request, org, robot_id):
    if not has_cap(request.user, _robot_cap(org), org):
        raise PermissionDenied
    robots = queries.org_robots(user=request.user, org=org)
    robot = get_visible_or_404(request.user, Robot, robot_id, queryset=robots)
    robot_services.remove_robot(actor=request.user, robot=robot)
    messages.success(request, _("Robot switched off."))
    return redirect("emergencies:robots", org.pk)


@org_view(Cap.EMERGENCY_RULES)
def rules(request, org):
    current = rules_for(org)
    form = forms.RulesForm(
        request.POST or None,
        initial={
            "school_period": current.school_period,
            "kindergarten_period": current.kindergarten_period,
            "report_read_minutes": current.report_read_minutes,
            "source": current.source,
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            rule_services.set_rules(actor=request.user, org=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Rules saved; compliance follows them from now on."))
            return redirect("emergencies:rules", org.pk)
    return render(
        request,
        "emergencies/rules.html",
        {"org": org, "form": form, "own": current.org_id == org.pk},
    )


@org_view(Cap.EMERGENCY_RULES)
def broadcast_rules(request, org):
    """What every screen of a school shows when an alarm of each kind is raised there."""
    current = {kind: broadcast.instructions_for(org, kind) for kind in AlarmKind.values}
    initial = {f"kind_{k}": rule.message for k, rule in current.items() if rule is not None}
    sources = {rule.source for rule in current.values() if rule is not None}
    initial["source"] = sources.pop() if len(sources) == 1 else ""
    form = forms.BroadcastRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            rule_services.set_broadcast_rules(
                actor=request.user,
                org=org,
                messages=form.messages(),
                source=form.cleaned_data["source"],
            )
        if call.ok:
            messages.success(request, _("Instructions saved; the next alarm shows them."))
            return redirect("emergencies:broadcast_rules", org.pk)
    return render(
        request,
        "emergencies/broadcast_rules.html",
        {
            "org": org,
            "form": form,
            "in_force": [(AlarmKind(k).label, rule) for k, rule in current.items() if rule],
        },
    )
