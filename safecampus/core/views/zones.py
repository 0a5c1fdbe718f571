from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.forms import MoveZoneForm, ZoneForm
from safecampus.core.models import Zone
from safecampus.core.roles import Cap
from safecampus.core.services import zones as zone_services
from safecampus.core.views.base import school_view, service_call


def _zone(request, school, zone_id):
    return get_visible_or_404(request.user, Zone, zone_id, queryset=school.zones.all())


@school_view(Cap.ZONE_VIEW)
def zone_list(request, school):
    rows = queries.zone_tree(user=request.user, school=school)
    kind = request.GET.get("kind", "")
    if kind:
        rows = [(z, d) for z, d in rows if z.kind == kind]
    context = {
        "school": school,
        "rows": rows,
        "kind": kind,
        "kinds": Zone._meta.get_field("kind").choices,
        "can_manage": has_cap(request.user, Cap.ZONE_MANAGE, school),
    }
    template = "core/zone_list.html#zone-rows" if request.htmx else "core/zone_list.html"
    return render(request, template, context)


def _zone_form(request, school, zone=None):
    rows = queries.zone_choices(user=request.user, school=school, exclude=zone)
    people = queries.school_people_choices(school)
    initial = None
    if zone is not None:
        initial = {
            "name": zone.name,
            "kind": zone.kind,
            "parent": zone.parent_id,
            "responsible": zone.responsible_id,
            "notes": zone.notes,
        }
    elif request.GET.get("parent"):
        initial = {"parent": request.GET["parent"]}
    return ZoneForm(request.POST or None, initial=initial, zone_rows=rows, people=people)


@school_view(Cap.ZONE_MANAGE)
def zone_create(request, school):
    form = _zone_form(request, school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            zone = zone_services.create_zone(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Zone “%(name)s” was added.") % {"name": zone.path_name})
            return redirect("core:zone_list", school.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/zone_form.html", {"school": school, "form": form}, status=status)


@school_view(Cap.ZONE_MANAGE)
def zone_edit(request, school, zone_id):
    zone = _zone(request, school, zone_id)
    form = _zone_form(request, school, zone)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            zone_services.update_zone(actor=request.user, zone=zone, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Zone “%(name)s” was saved.") % {"name": zone.path_name})
            return redirect("core:zone_list", school.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/zone_form.html",
        {"school": school, "form": form, "zone": zone},
        status=status,
    )


@school_view(Cap.ZONE_MANAGE)
def zone_move(request, school, zone_id):
    zone = _zone(request, school, zone_id)
    rows = queries.zone_choices(user=request.user, school=school, exclude=zone)
    form = MoveZoneForm(request.POST or None, initial={"parent": zone.parent_id}, zone_rows=rows)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            zone_services.move_zone(
                actor=request.user, zone=zone, parent=form.cleaned_data["parent"]
            )
        if call.ok:
            messages.success(request, _("Zone “%(name)s” was moved.") % {"name": zone.path_name})
            return redirect("core:zone_list", school.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/zone_move.html",
        {"school": school, "form": form, "zone": zone},
        status=status,
    )


@require_POST
@school_view(Cap.ZONE_MANAGE)
def zone_delete(request, school, zone_id):
    zone = _zone(request, school, zone_id)
    with service_call(request) as call:
        zone_services.delete_zone(actor=request.user, zone=zone)
    if call.ok:
        messages.success(request, _("Zone “%(name)s” was deleted.") % {"name": zone.path_name})
    return redirect("core:zone_list", school.pk)
