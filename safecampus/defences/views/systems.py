"""Technical systems (技防): a school's systems by place with what is wrong under its rule set,
adding one, one system with its tests (a test recorded on a phone), the 技防设施台账; a bureau's
schools, the most wrong first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.phonequeue import offline_ready
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.defences import exports
from safecampus.defences.forms.systems import DeviceLinkForm, SystemForm, SystemTestForm
from safecampus.defences.queries import staffing as staffing_queries
from safecampus.defences.queries import systems as queries
from safecampus.defences.rules import rules_for
from safecampus.defences.services import systems as services


def _may_see(user, org):
    return has_cap(user, Cap.DEFENCE_VIEW, org) or has_cap(user, Cap.DEFENCE_DUTY, org)


@org_view()
def systems(request, org):
    """The school's systems, for its record readers and its guards (who test them); a bureau's
    schools for its readers."""
    if not _may_see(request.user, org):
        raise PermissionDenied
    rules = rules_for(org)
    if not org.is_school:
        if not has_cap(request.user, Cap.DEFENCE_VIEW, org):
            raise PermissionDenied
        rows = queries.schools_systems(staffing_queries.schools_in(request.user, org))
        page = paginate(request, rows)
        boxes = queries.boxes_last_used([row.school for row in page])
        for row in page:
            row.boxes = boxes.get(row.school.pk)
        context = {"org": org, "rules": rules, "page": page}
        return render(request, "defences/bureau_systems.html", context)
    retired = request.GET.get("retired") == "1"
    page = paginate(request, queries.systems_of(request.user, org, retired=retired))
    context = {
        "org": org,
        "rules": rules,
        "page": page,
        "rows": queries.judged(queries.with_devices(page), rules),
        "linked": queries.police_link_by_school(staffing_queries.schools_in(request.user, org)),
        "retired": retired,
        "query": "retired=1" if retired else "",
    }
    context["linked"] = bool(context["linked"].get(org.pk))
    return render(request, "defences/systems.html", context)


@org_view(Cap.DEFENCE_MANAGE)
def system_add(request, org):
    if not org.is_school:
        raise PermissionDenied
    form = SystemForm(request.POST or None, school=org)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            system = services.add_system(actor=request.user, school=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The system was saved."))
            return redirect(system)
    status = 400 if request.method == "POST" else 200
    context = {"org": org, "form": form, "rules": rules_for(org)}
    return render(request, "defences/system_form.html", context, status=status)


def _detail(request, system, form=None, status=200, link_form=None):
    rules = rules_for(system.school)
    queries.with_devices([system])
    ((_system, states),) = queries.judged([system], rules)
    context = {
        "org": system.school,
        "system": system,
        "rules": rules,
        "states": states,
        "link_form": link_form
        or DeviceLinkForm(
            school=system.school, initial={"alarm_device_id": system.alarm_device_id}
        ),
        "tests": system.tests.select_related("tested_by", "hazard")[:50],
        "form": form
        or SystemTestForm(video=system.kind.is_video, initial={"tested_on": timezone.localdate()}),
    }
    return render(request, "defences/system_detail.html", context, status=status)


@offline_ready
@login_required
def system_detail(request, system_id):
    return _detail(request, queries.one(request.user, system_id))


@login_required
@require_POST
def system_test(request, system_id):
    """A test from the phone of a keeper or a guard on duty; a queued one is replayed here with
    its client UUID, kept once."""
    system = queries.one(request.user, system_id)
    if not may_test(request.user, system.school):
        raise PermissionDenied
    form = SystemTestForm(request.POST, video=system.kind.is_video)
    if form.is_valid():
        with service_call(request, form) as call:
            services.test_system(actor=request.user, system=system, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The test was recorded."))
            return redirect(system)
    return _detail(request, system, form, status=400)


@login_required
@require_POST
def system_device(request, system_id):
    system = queries.one(request.user, system_id)
    if not has_cap(request.user, Cap.DEFENCE_MANAGE, system.school):
        raise PermissionDenied
    form = DeviceLinkForm(request.POST, school=system.school)
    if form.is_valid():
        with service_call(request, form) as call:
            services.link_device(actor=request.user, system=system, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The alarm device link was saved."))
            return redirect(system)
    return _detail(request, system, status=400, link_form=form)


@login_required
@require_POST
def system_retire(request, system_id):
    system = queries.one(request.user, system_id)
    with service_call(request) as call:
        services.retire_system(actor=request.user, system=system)
    if call.ok:
        messages.success(request, _("The system is marked as no longer in use."))
    return redirect(system)


def may_test(user, school):
    return has_cap(user, Cap.DEFENCE_MANAGE, school) or has_cap(user, Cap.DEFENCE_DUTY, school)


@org_view(Cap.DEFENCE_VIEW)
def systems_export(request, org):
    if not org.is_school:
        raise Http404
    return exports.systems_response(request.user, org)
