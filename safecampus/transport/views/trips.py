"""A trip on the attendant's phone: start it from the route, tap each student on and off, end
it; and the school's list of trips. The trip's page is kept by the phone and its taps join the
phone's queue without signal (docs/phone.md): each carries its client UUID and the phone's time."""

import uuid
from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404
from safecampus.core.phonequeue import offline_ready
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.transport import exports, forms
from safecampus.transport.models import TripStatus
from safecampus.transport.queries import buses as route_queries
from safecampus.transport.queries import trips as queries
from safecampus.transport.services import trips as services
from safecampus.transport.views import rollcall
from safecampus.transport.views.access import check_rider_or_reader
from safecampus.transport.workflow import ROLL, TRIP


@school_view()
def trip_list(request, school):
    check_rider_or_reader(request.user, school)
    form = forms.TripFilterForm(request.GET or None)
    rows = queries.trips(user=request.user, school=school, **form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "transport/trips.html",
        {
            "school": school,
            "form": form,
            "page": paginate(request, rows),
            "query": query.urlencode(),
        },
    )


@require_POST
@school_view(Cap.TRANSPORT_RIDE)
def trip_start(request, school, route_id):
    route = first_or_404(route_queries.route_for(request.user, school, route_id))
    form = forms.StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the direction of the trip."))
        return redirect(route)
    with service_call(request) as call:
        trip = services.start_trip(actor=request.user, route=route, **form.cleaned_data)
    return redirect(trip if call.ok else route)


def _trip(request, school, trip_id):
    return first_or_404(queries.trip_for(request.user, school, trip_id))


def _sheet(request, school, trip, form=None, status=200):
    rows = queries.roll(trip)
    runs = services.may_run(request.user, trip, school)
    for row in rows:
        row.moves = (
            [kind for kind in ROLL.actions if ROLL.allowed(row.state, kind)]
            if runs and TRIP.allowed(trip.status, "mark")
            else []
        )
    tally = queries.tally(rows)
    context = {
        "school": school,
        "trip": trip,
        "rows": rows,
        "tally": tally,
        "on_board": tally["on_board"],
        "runs": runs,
        "may_end": runs and TRIP.allowed(trip.status, "end"),
        "may_close": runs and TRIP.allowed(trip.status, "close"),
        "form": form,
        "client_uuid": uuid.uuid4,
    }
    return render(request, "transport/trip.html", context, status=status)


@offline_ready
@school_view()
def trip_detail(request, school, trip_id):
    check_rider_or_reader(request.user, school)
    return _sheet(request, school, _trip(request, school, trip_id))


@require_POST
@school_view(Cap.TRANSPORT_RIDE)
def trip_mark(request, school, trip_id):
    """One tap: the form posts the student, the mark and a client UUID (a repeat is a no-op)."""
    trip = _trip(request, school, trip_id)
    return rollcall.tap(
        request,
        school,
        trip,
        record=partial(services.mark, actor=request.user, trip=trip),
        not_listed=_("This student is not on the route's list."),
        page=lambda form: _sheet(request, school, trip, form=form, status=400),
    )


@require_POST
@school_view(Cap.TRANSPORT_RIDE)
def trip_end(request, school, trip_id):
    trip = _trip(request, school, trip_id)
    with service_call(request) as call:
        trip = services.end_trip(actor=request.user, trip=trip)
    if call.ok and trip.status == TripStatus.UNACCOUNTED:
        messages.error(
            request,
            _(
                "Not every student who boarded got off: the school has been alerted. "
                "Find them and record where they are."
            ),
        )
    elif call.ok:
        messages.success(request, _("Trip closed: every student is accounted for."))
    return redirect(trip)


@require_POST
@school_view(Cap.TRANSPORT_RIDE)
def trip_close(request, school, trip_id):
    trip = _trip(request, school, trip_id)
    with service_call(request) as call:
        services.close_trip(actor=request.user, trip=trip)
    if call.ok:
        messages.success(request, _("Trip closed: every student is accounted for."))
    return redirect(trip)


@school_view(Cap.TRANSPORT_VIEW)
def trip_export(request, school):
    return exports.trips_xlsx(request.user, school)
