"""School buses: about one school in four (every boarding school, and others drawn as rural
ones would be, and the hot spot) runs two routes, each with its bus, driver, attendant, stops
and riders (never more than the bus's seats), and the last five school days of trips both ways
with the attendant's roll call. About one school in eight with buses, and the hot spot, shows
each gap the bureau counts: a spare bus past its inspection (it runs no trip), a driver past his
re-examination (on no route), and a trip that ended with a child still on the list, found and
accounted for within the hour; the hot spot's is its last trip, still open."""

from collections import Counter
from datetime import datetime, time, timedelta

from django.utils import timezone

from safecampus.city import schoolyear
from safecampus.city.context import gap, person_name
from safecampus.city.people import PLACES
from safecampus.core.models import Org
from safecampus.core.queries import weekdays_before
from safecampus.core.roles import Role
from safecampus.students.demo import demo_id_number
from safecampus.transport.models import (
    BusRoute,
    BusRules,
    Direction,
    Driver,
    MarkKind,
    Rider,
    Stop,
    Trip,
    TripMark,
    TripStatus,
    Vehicle,
)
from safecampus.transport.rules import add_months

RURAL = 0.15  # of the day schools, those with buses: with the boarding ones, about one in four
SEATS = (19, 24, 35, 41, 45)
ROUTE_NAMES = ["东线", "西线", "南线", "北线"]
STOP_KINDS = ["村", "社区", "路口", "小区", "新村", "镇中心"]
TRIP_DAYS = 5
FOUND = ["在本站下车时漏点名，已由奶奶接回家，电话核实", "提前一站下车，家长已接到，电话核实"]


def _at(midnight, clock, seconds=0):
    """`clock` on the day that starts at `midnight` (China keeps no summer time)."""
    return midnight + timedelta(hours=clock.hour, minutes=clock.minute, seconds=seconds)


def grow(city):
    rng = city.rng("transport")
    rules = BusRules.objects.get(org=None)
    boarding = set(
        Org.objects.filter(
            pk__in=[s.id for s in city.schools], boarding_students__gt=0
        ).values_list("pk", flat=True)
    )
    with_buses = [s for s in city.schools if s.hot or s.id in boarding or rng.random() < RURAL]
    plans = {school.id: _plan(rng, school) for school in with_buses}
    wanted = {pk: sum(r["riders"] for r in routes) for pk, routes in plans.items()}
    schoolyear.enrol(city, wanted, by="transport")
    routes = _buses(city, rng, rules, with_buses, plans)
    _trips(city, rng, routes)


def _plan(rng, school):
    """Two routes: the seats of each bus, its riders (never more), its stops' times."""
    routes = []
    for name in rng.sample(ROUTE_NAMES, 2):
        seats = rng.choice(SEATS)
        stops = rng.randint(3, 6)
        gap = rng.randint(6, 10)
        first = rng.randint(0, 15)
        stop_names = ["".join(rng.sample(PLACES, 2)) + rng.choice(STOP_KINDS) for _ in range(stops)]
        routes.append(
            {
                "name": name,
                "seats": seats,
                "riders": rng.randint(int(seats * 0.6), seats),
                # Morning pick-ups outward in; afternoon drop-offs from the nearest stop out.
                "stops": [
                    (
                        stop_names[p],
                        _clock(6 * 60 + 30 + first + p * gap),
                        _clock(16 * 60 + 35 + (stops - 1 - p) * gap),
                    )
                    for p in range(stops)
                ],
            }
        )
    return routes


def _clock(minutes):
    return time(minutes // 60, minutes % 60)


def _plate(city, n):
    return f"浙{'ABCDEFGH'[n % 8]}·{city.code(n, 5, salt=17)}"


def _driver_row(city, rng, school, pk, overdue=False):
    today = city.today
    age = rng.randint(32, 55)
    return [
        pk,
        school.id,
        person_name(rng),
        demo_id_number(rng, today.year - age),
        f"139{rng.randint(10000000, 99999999)}",
        today - timedelta(days=365 * rng.randint(8, age - 22)),
        today - timedelta(days=rng.randint(370, 500) if overdue else rng.randint(10, 330)),
        today - timedelta(days=rng.randint(10, 330)),
        True,
        city.midnight,
    ]


def _buses(city, rng, rules, with_buses, plans):
    """Vehicles, drivers, routes, stops and riders; returns each route with what its trips need."""
    w = city.writer
    today = city.today
    spare_bus = {s.id for s in with_buses if gap(rng, s)}
    spare_driver = {s.id for s in with_buses if gap(rng, s)}
    n_routes = sum(len(plans[s.id]) for s in with_buses)
    next_vehicle = w.ids(Vehicle, n_routes + len(spare_bus))
    next_driver = w.ids(Driver, n_routes + len(spare_driver))
    next_route = w.ids(BusRoute, n_routes)
    next_stop = w.ids(Stop, sum(len(r["stops"]) for p in plans.values() for r in p))
    next_rider = w.ids(Rider, sum(r["riders"] for p in plans.values() for r in p))
    now = city.midnight
    vehicles, drivers, routes, stops, riders, out = [], [], [], [], [], []
    for school in with_buses:
        teachers = school.roles.get(Role.TEACHER) or school.staff
        attendants = rng.sample(teachers, 2)
        pupils = iter(school.students)
        buses = [(r["seats"], False) for r in plans[school.id]]
        if school.id in spare_bus:
            buses.append((rng.choice(SEATS), True))
        for seats, unfit in buses:
            inspected = today - timedelta(days=rng.randint(10, 170))
            if unfit:
                months = -rules.inspection_months
                inspected = add_months(today, months) - timedelta(days=rng.randint(5, 60))
            vehicles.append(
                [next_vehicle, school.id, _plate(city, next_vehicle), seats, inspected,
                 add_months(inspected, rules.inspection_months),
                 today + timedelta(days=rng.randint(30, 330)), list(rules.equipment), True,
                 now]
            )  # fmt: skip
            next_vehicle += 1
        first_bus = next_vehicle - len(buses)
        for n in range(len(plans[school.id]) + (school.id in spare_driver)):
            overdue = n >= len(plans[school.id])
            drivers.append(_driver_row(city, rng, school, next_driver + n, overdue))
        for n, plan in enumerate(plans[school.id]):
            routes.append(
                [next_route, school.id, plan["name"], first_bus + n, next_driver + n,
                 attendants[n], True, now]
            )  # fmt: skip
            on_route = []
            for p, (name, morning, afternoon) in enumerate(plan["stops"]):
                stops.append([next_stop + p, next_route, p + 1, name, morning, afternoon])
            for r in range(plan["riders"]):
                p = r * len(plan["stops"]) // plan["riders"]
                student = next(pupils)
                riders.append([next_rider, next_route, student, next_stop + p, now])
                on_route.append((student, p))
                next_rider += 1
            out.append(
                {
                    "id": next_route,
                    "school": school,
                    "vehicle": first_bus + n,
                    "seats": plan["seats"],
                    "attendant": attendants[n],
                    "stops": plan["stops"],
                    "riders": on_route,
                    "first": n == 0,
                }
            )
            next_stop += len(plan["stops"])
            next_route += 1
        next_driver += len(plans[school.id]) + (school.id in spare_driver)
    w.write(
        Vehicle,
        ["id", "school_id", "plate", "seats", "inspected_on", "inspection_due", "insured_until",
         "equipment", "is_active", "created_at"],
        vehicles,
    )  # fmt: skip
    w.write(
        Driver,
        ["id", "school_id", "name", "id_number", "phone", "licensed_on", "reexamined_on",
         "background_checked_on", "is_active", "created_at"],
        drivers,
    )  # fmt: skip
    w.write(
        BusRoute,
        ["id", "school_id", "name", "vehicle_id", "driver_id", "attendant_id", "is_active",
         "created_at"],
        routes,
    )  # fmt: skip
    w.write(Stop, ["id", "route_id", "position", "name", "morning_time", "afternoon_time"], stops)
    w.write(Rider, ["id", "route_id", "student_id", "stop_id", "added_at"], riders)
    return out


def _trips(city, rng, routes):
    """Both ways on each of the last school days: everyone on the list boards at their stop or
    is marked as not riding, everyone who boarded gets off. The trip that ends with a child
    still on the list is alerted; the child is then accounted for and the trip closed."""
    days = weekdays_before(city.today, TRIP_DAYS)
    midnights = [timezone.make_aware(datetime.combine(day, time())) for day in days]
    lost = {}
    for route in routes:
        school = route["school"]
        if route["first"] and gap(rng, school):
            lost[route["id"]] = days[-1] if school.hot else rng.choice(days)
    trips, marks = [], []
    next_trip = city.writer.ids(Trip, len(routes) * len(days) * 2)
    for route in routes:
        stops, by = route["stops"], route["attendant"]
        for day, midnight in zip(days, midnights, strict=True):
            stayed_home = {s for s, _p in route["riders"] if rng.random() < 0.05}
            for direction in (Direction.TO_SCHOOL, Direction.FROM_SCHOOL):
                morning = direction == Direction.TO_SCHOOL
                if morning:
                    order = route["riders"]
                    started = _at(midnight, stops[0][1], -600)
                    arrive = _at(midnight, stops[-1][1], 900)
                else:
                    order = sorted(route["riders"], key=lambda r: -r[1])
                    started = _at(midnight, time(16, 20))
                boarded, waiting = [], Counter()
                for i, (student, p) in enumerate(order):
                    waiting[p] += 1  # the stop's children board one after the other
                    at = (
                        _at(midnight, stops[p][1], 20 * waiting[p])
                        if morning
                        else started + timedelta(seconds=15 * i)
                    )
                    kind = MarkKind.ABSENT if student in stayed_home else MarkKind.BOARD
                    marks.append([next_trip, student, kind, at, by, ""])
                    if kind == MarkKind.BOARD:
                        boarded.append((student, p))
                missing = None
                if not morning and lost.get(route["id"]) == day and boarded:
                    missing = boarded.pop()  # the farthest stop's child, not tapped off
                end, leaving = started, Counter()
                for i, (student, p) in enumerate(boarded):
                    leaving[p] += 1
                    at = (
                        arrive + timedelta(seconds=10 * i)
                        if morning
                        else _at(midnight, stops[p][2], 20 * leaving[p])
                    )
                    marks.append([next_trip, student, MarkKind.ALIGHT, at, by, ""])
                    end = max(end, at)
                end += timedelta(minutes=3)
                status, closed, alerted = TripStatus.CLOSED, end, None
                if missing is not None:
                    alerted = end
                    if route["school"].hot:
                        status, closed = TripStatus.UNACCOUNTED, None
                    else:
                        closed = end + timedelta(minutes=rng.randint(10, 50))
                        marks.append(
                            [next_trip, missing[0], MarkKind.ACCOUNT, closed, by, rng.choice(FOUND)]
                        )
                trips.append(
                    [next_trip, route["school"].id, route["id"], day, direction, status,
                     route["vehicle"], route["seats"], by, started, closed, alerted, None]
                )  # fmt: skip
                next_trip += 1
    city.writer.write(
        Trip,
        ["id", "school_id", "route_id", "day", "direction", "status", "vehicle_id", "seats",
         "attendant_id", "started_at", "closed_at", "alerted_at", "client_uuid"],
        trips,
    )  # fmt: skip
    first = city.writer.ids(TripMark, len(marks))
    city.writer.write(
        TripMark,
        ["id", "trip_id", "student_id", "kind", "at", "by_id", "note", "client_uuid"],
        [[first + n, *row, None] for n, row in enumerate(marks)],
    )
