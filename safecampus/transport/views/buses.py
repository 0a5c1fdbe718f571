"""The school's buses, drivers and routes: lists, forms, a route's stops and riders."""

import uuid

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404, get_visible_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import school_view, service_call
from safecampus.transport import forms
from safecampus.transport.models import Driver, Rider, Vehicle
from safecampus.transport.queries import buses as queries
from safecampus.transport.queries import trips as trip_queries
from safecampus.transport.rules import rules_for
from safecampus.transport.services import buses as services
from safecampus.transport.services.trips import may_run, ready_to_leave
from safecampus.transport.views.access import check_rider_or_reader


@school_view()
def index(request, school):
    check_rider_or_reader(request.user, school)
    routes = list(queries.routes(user=request.user, school=school).filter(is_active=True))
    for route in routes:
        route.may_run = may_run(request.user, route, school)
    today = trip_queries.trips(user=request.user, school=school, day=timezone.localdate())
    return render(
        request,
        "transport/index.html",
        {
            "school": school,
            "routes": routes,
            "today": list(today[:50]),
            "unaccounted": list(
                trip_queries.trips(user=request.user, school=school, status="unaccounted")[:20]
            ),
            "client_uuid": uuid.uuid4,
        },
    )


@school_view(Cap.TRANSPORT_VIEW)
def vehicles(request, school):
    rows, rules = queries.vehicles_checked(user=request.user, school=school)
    return render(
        request, "transport/vehicles.html", {"school": school, "rows": rows, "rules": rules}
    )


def _vehicle_form(request, school, vehicle=None):
    rules = rules_for(school)
    initial = {}
    if vehicle is not None:
        initial = {
            f: getattr(vehicle, f)
            for f in ("plate", "seats", "inspected_on", "insured_until", "equipment", "is_active")
        }
    form = forms.VehicleForm(request.POST or None, rules=rules, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.save_vehicle(
                actor=request.user, school=school, vehicle=vehicle, **form.cleaned_data
            )
        if call.ok:
            return redirect("transport:vehicles", school.pk)
    return render(
        request,
        "transport/form.html",
        {"school": school, "form": form, "rules": rules, "kind": "vehicle", "row": vehicle},
    )


@school_view(Cap.TRANSPORT_MANAGE)
def vehicle_create(request, school):
    return _vehicle_form(request, school)


@school_view(Cap.TRANSPORT_MANAGE)
def vehicle_edit(request, school, vehicle_id):
    rows = queries.vehicles(user=request.user, school=school)
    return _vehicle_form(
        request, school, get_visible_or_404(request.user, Vehicle, vehicle_id, rows)
    )


@school_view(Cap.TRANSPORT_VIEW)
def drivers(request, school):
    rows, rules = queries.drivers_checked(user=request.user, school=school)
    return render(
        request, "transport/drivers.html", {"school": school, "rows": rows, "rules": rules}
    )


DRIVER_FIELDS = (
    "name",
    "id_number",
    "phone",
    "licensed_on",
    "reexamined_on",
    "background_checked_on",
    "is_active",
)


def _driver_form(request, school, driver=None):
    initial = {f: getattr(driver, f) for f in DRIVER_FIELDS} if driver else {}
    form = forms.DriverForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.save_driver(
                actor=request.user, school=school, driver=driver, **form.cleaned_data
            )
        if call.ok:
            return redirect("transport:drivers", school.pk)
    return render(
        request,
        "transport/form.html",
        {
            "school": school,
            "form": form,
            "rules": rules_for(school),
            "kind": "driver",
            "row": driver,
        },
    )


@school_view(Cap.TRANSPORT_MANAGE)
def driver_create(request, school):
    return _driver_form(request, school)


@school_view(Cap.TRANSPORT_MANAGE)
def driver_edit(request, school, driver_id):
    rows = queries.drivers(user=request.user, school=school)
    return _driver_form(request, school, get_visible_or_404(request.user, Driver, driver_id, rows))


@school_view(Cap.TRANSPORT_VIEW)
def routes(request, school):
    return render(
        request,
        "transport/routes.html",
        {"school": school, "rows": list(queries.routes(user=request.user, school=school))},
    )


def _route_form(request, school, route=None):
    initial = {}
    if route is not None:
        initial = {
            "name": route.name,
            "vehicle": route.vehicle_id,
            "driver": route.driver_id,
            "attendant": route.attendant_id,
            "is_active": route.is_active,
        }
    form = forms.RouteForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            saved = services.save_route(
                actor=request.user, school=school, route=route, **form.cleaned_data
            )
        if call.ok:
            return redirect(saved)
    return render(
        request,
        "transport/form.html",
        {"school": school, "form": form, "kind": "route", "row": route},
    )


@school_view(Cap.TRANSPORT_MANAGE)
def route_create(request, school):
    return _route_form(request, school)


def _route(request, school, route_id):
    return first_or_404(queries.route_for(request.user, school, route_id))


@school_view(Cap.TRANSPORT_MANAGE)
def route_edit(request, school, route_id):
    return _route_form(request, school, _route(request, school, route_id))


def _route_page(request, school, route, *, stop_form=None, rider_form=None, status=200):
    manage = has_cap(request.user, Cap.TRANSPORT_MANAGE, school)
    context = {
        "school": school,
        "route": route,
        "stops": queries.route_sheet(route),
        "problems": ready_to_leave(route),
        "may_run": may_run(request.user, route, school),
        "client_uuid": uuid.uuid4,
        "recent": list(trip_queries.trips(user=request.user, school=school, route=route.pk)[:10]),
    }
    if manage:
        context["stop_form"] = stop_form or forms.StopForm()
        context["rider_form"] = rider_form or forms.RiderForm(route=route)
    return render(request, "transport/route.html", context, status=status)


@school_view()
def route_detail(request, school, route_id):
    check_rider_or_reader(request.user, school)
    return _route_page(request, school, _route(request, school, route_id))


@require_POST
@school_view(Cap.TRANSPORT_MANAGE)
def stop_add(request, school, route_id):
    route = _route(request, school, route_id)
    form = forms.StopForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.add_stop(actor=request.user, route=route, **form.cleaned_data)
        if call.ok:
            return redirect(route)
    return _route_page(request, school, route, stop_form=form, status=400)


@require_POST
@school_view(Cap.TRANSPORT_MANAGE)
def rider_add(request, school, route_id):
    route = _route(request, school, route_id)
    form = forms.RiderForm(request.POST, route=route)
    if form.is_valid():
        with service_call(request, form) as call:
            services.add_rider(actor=request.user, route=route, **form.cleaned_data)
        if call.ok:
            return redirect(route)
    return _route_page(request, school, route, rider_form=form, status=400)


@require_POST
@school_view(Cap.TRANSPORT_MANAGE)
def rider_remove(request, school, route_id, rider_id):
    route = _route(request, school, route_id)
    rider = get_visible_or_404(request.user, Rider, rider_id, Rider.objects.filter(route=route))
    with service_call(request):
        services.remove_rider(actor=request.user, rider=rider)
    return redirect(route)
