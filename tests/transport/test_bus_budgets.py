"""Transport's lists cost a fixed number of queries however many rows they show
(tests/budgets.py): trips, routes, buses, drivers, a trip's roll call and the API list."""

import pytest

from safecampus.core.models import User
from safecampus.transport.models import MarkKind
from safecampus.transport.services import buses, trips
from tests import budgets
from tests.transport.helpers import route_with_riders, students_of

pytestmark = pytest.mark.django_db


def grow(school):
    """Three more routes, each with three riders and a trip everyone rode."""
    made = []
    for _i in range(3):
        route = route_with_riders(riders=3, attendant="s01.teacher2")
        trip = trips.start_trip(actor=route.attendant, route=route, direction="to_school")
        for student in students_of(route):
            trips.mark(actor=route.attendant, trip=trip, student=student, kind=MarkKind.BOARD)
        made.append(route.name)
    return made


CASES = {
    "trips": ("s01.officer", "/schools/{s01}/transport/trips/", grow, None, 14),
    "routes": ("s01.officer", "/schools/{s01}/transport/routes/", grow, None, 12),
    "buses": ("s01.officer", "/schools/{s01}/transport/buses/", grow, None, 12),
    "drivers": ("s01.officer", "/schools/{s01}/transport/drivers/", grow, None, 12),
    "today": ("s01.officer", "/schools/{s01}/transport/", grow, None, 16),
    "api trips": ("s01.officer", "/api/v1/schools/{s01}/bus-trips", grow, None, 10),
}


@pytest.mark.parametrize("name", CASES)
def test_list_queries_are_bounded(name, login, org):
    username, url, grow_, _marker, budget = CASES[name]
    school = org("s01")
    loads = budgets.grow_between_loads(
        login(username), url.format(s01=school.pk), lambda: grow_(school)
    )
    if name in ("routes", "today", "trips", "api trips"):
        budgets.assert_shows(loads, loads.grown[-1:])
    budgets.assert_bounded(loads, budget, name)


def test_a_trips_roll_call_costs_the_same_however_many_ride(login):
    route = route_with_riders(riders=2, attendant="s01.teacher2")
    trip = trips.start_trip(actor=route.attendant, route=route, direction="to_school")
    url = trip.get_absolute_url()

    officer = User.objects.get(username="s01.officer")

    def more():
        stop = route.stops.first()
        extra = route_with_riders(riders=4, attendant="s01.teacher2")
        for rider in list(extra.riders.all()):
            rider.delete()
            buses.add_rider(actor=officer, route=route, student=rider.student, stop=stop)
        return [s.name for s in students_of(route)]

    loads = budgets.grow_between_loads(login("s01.teacher2"), url, more)
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, 14, "roll call")
