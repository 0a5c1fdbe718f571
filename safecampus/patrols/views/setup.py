"""Setting patrols up: checkpoints with their QR labels, routes and their time windows."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from safecampus.core import qr
from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.patrols import queries, services
from safecampus.patrols.forms import CheckpointForm, RouteForm, WindowForm
from safecampus.patrols.models import RouteWindow
from safecampus.patrols.rules import rules_for


def _checkpoint(request, school, checkpoint_id):
    return get_object_or_404(
        queries.checkpoints(user=request.user, school=school), pk=checkpoint_id
    )


def _route_obj(request, school, route_id):
    return get_object_or_404(queries.routes(user=request.user, school=school), pk=route_id)


@school_view(Cap.PATROL_VIEW)
def checkpoint_list(request, school):
    return render(
        request,
        "patrols/checkpoints.html",
        {
            "school": school,
            "page": paginate(request, queries.checkpoints(user=request.user, school=school)),
            "can_manage": has_cap(request.user, Cap.PATROL_MANAGE, school),
        },
    )


@school_view(Cap.PATROL_MANAGE)
def checkpoint_create(request, school):
    form = CheckpointForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            services.create_checkpoint(
                actor=request.user,
                school=school,
                zone=data["zone"],
                name=data["name"],
                code=data["code"],
            )
        if call.ok:
            messages.success(request, _("The checkpoint was added; print its label."))
            return redirect("patrols:checkpoints", school.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "patrols/checkpoint_form.html", {"school": school, "form": form}, status=status
    )


@school_view(Cap.PATROL_MANAGE)
def checkpoint_edit(request, school, checkpoint_id):
    checkpoint = _checkpoint(request, school, checkpoint_id)
    initial = {
        "zone": checkpoint.zone,
        "name": checkpoint.name,
        "code": checkpoint.code,
        "active": checkpoint.active,
    }
    form = CheckpointForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            services.update_checkpoint(actor=request.user, checkpoint=checkpoint, **data)
        if call.ok:
            messages.success(request, _("The checkpoint was saved."))
            return redirect("patrols:checkpoints", school.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "patrols/checkpoint_form.html",
        {"school": school, "form": form, "checkpoint": checkpoint},
        status=status,
    )


@school_view(Cap.PATROL_MANAGE)
def renew(request, school, checkpoint_id):
    checkpoint = _checkpoint(request, school, checkpoint_id)
    if request.method == "POST":
        services.renew_label(actor=request.user, checkpoint=checkpoint)
        messages.success(request, _("A new label was made: print it; the old one no longer works."))
    return redirect("patrols:checkpoint", school.pk, checkpoint.pk)


@school_view(Cap.PATROL_VIEW)
def label_png(request, school, checkpoint_id):
    checkpoint = _checkpoint(request, school, checkpoint_id)
    response = HttpResponse(qr.png(checkpoint.qr_text, scale=8, border=4), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@school_view(Cap.PATROL_VIEW)
def labels_pdf(request, school):
    """An A4 sheet of labels (name, code, zone, QR), six a page, for the checkpoints in use."""
    from weasyprint import HTML

    labels = [
        (c, c.zone.path_name, qr.svg(c.qr_text, scale=4, border=2))
        for c in queries.checkpoints(user=request.user, school=school).filter(active=True)
    ]
    html = render_to_string(
        "patrols/labels_pdf.html", {"school": school, "labels": labels}, request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="patrol-labels-{school.code}.pdf"'
    return response


@school_view(Cap.PATROL_VIEW)
def route_list(request, school):
    rules = rules_for(school)
    routes = list(queries.routes(user=request.user, school=school))
    key_windows = sum(
        sum(1 for w in r.windows.all() if w.active) for r in routes if r.active and r.key_areas
    )
    return render(
        request,
        "patrols/routes.html",
        {
            "school": school,
            "page": paginate(request, routes),
            "rules": rules,
            "key_windows": key_windows,
            "can_manage": has_cap(request.user, Cap.PATROL_MANAGE, school),
        },
    )


@school_view(Cap.PATROL_MANAGE)
def defaults(request, school):
    if request.method == "POST":
        with service_call(request) as call:
            services.create_default_routes(actor=request.user, school=school)
        if call.ok:
            messages.success(request, _("The default routes were made; print the labels."))
    return redirect("patrols:routes", school.pk)


def _route_initial(route):
    return {
        "name": route.name,
        "codes": " ".join(s.checkpoint.code for s in route.stops.all()),
        "guard": route.guard,
        "every_day": route.every_day,
        "key_areas": route.key_areas,
        "active": route.active,
    }


def _route_fields(data):
    """The route form's answers as the route services take them (codes name the stops)."""
    return {
        "name": data["name"],
        "checkpoints": data["codes"],
        "guard": data["guard"],
        "every_day": data["every_day"],
        "key_areas": data["key_areas"],
    }


@school_view(Cap.PATROL_MANAGE)
def route_create(request, school):
    form = RouteForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            route = services.create_route(actor=request.user, school=school, **_route_fields(data))
        if call.ok:
            messages.success(request, _("The route was added; now give it its time windows."))
            return redirect("patrols:route", school.pk, route.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "patrols/route_form.html", {"school": school, "form": form}, status=status
    )


@school_view(Cap.PATROL_MANAGE)
def route_edit(request, school, route_id):
    route = _route_obj(request, school, route_id)
    form = RouteForm(request.POST or None, school=school, initial=_route_initial(route))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            services.update_route(
                actor=request.user,
                route=route,
                **_route_fields(data),
                active=data["active"],
            )
        if call.ok:
            messages.success(request, _("The route was saved."))
            return redirect("patrols:route", school.pk, route.pk)
    status = 400 if request.method == "POST" else 200
    return _route_page(request, school, route, form, WindowForm(), status)


def _route_page(request, school, route, form, window_form, status=200):
    return render(
        request,
        "patrols/route_form.html",
        {
            "school": school,
            "route": route,
            "form": form,
            "window_form": window_form,
            "windows": [w for w in route.windows.all() if w.active],
        },
        status=status,
    )


@school_view(Cap.PATROL_MANAGE)
def window_add(request, school, route_id):
    route = _route_obj(request, school, route_id)
    if request.method != "POST":
        return redirect("patrols:route", school.pk, route.pk)
    window_form = WindowForm(request.POST)
    if window_form.is_valid():
        with service_call(request, window_form) as call:
            services.add_window(actor=request.user, route=route, **window_form.cleaned_data)
        if call.ok:
            messages.success(request, _("The time window was added."))
            return redirect("patrols:route", school.pk, route.pk)
    form = RouteForm(school=school, initial=_route_initial(route))
    return _route_page(request, school, route, form, window_form, 400)


@school_view(Cap.PATROL_MANAGE)
def window_remove(request, school, route_id, window_id):
    route = _route_obj(request, school, route_id)
    window = get_object_or_404(RouteWindow, route=route, pk=window_id, active=True)
    if request.method == "POST":
        services.remove_window(actor=request.user, window=window)
        messages.success(request, _("The time window was removed."))
    return redirect("patrols:route", school.pk, route.pk)
