"""The demo district's school buses: two routes at 城南实验小学 and one at 东城路小学, each with
its bus, driver, attendant, stops and riders, and a week of trips run through the services (one
of them ended with a child on the list and closed once she was found). A third driver at s01 is
overdue for his re-examination, so the drivers page shows the rule at work."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.core.queries import weekdays_before
from safecampus.core.services.notifications import muted
from safecampus.students.demo import demo_id_number
from safecampus.students.models import Student
from safecampus.transport.demo import outings, traffic
from safecampus.transport.models import BusRoute, Direction, MarkKind, Trip
from safecampus.transport.services import buses, trips

KIT = ["逃生锤", "干粉灭火器", "急救箱"]
# plate, seats, route name, driver, attendant, stops (name, morning, afternoon), riders
ROUTES = {
    "s01": [
        ("浙B·X0101", 19, "东线", "周师傅", "teacher2",
         [("东湖花园", "07:05", "16:50"), ("桥头社区", "07:15", "16:40"),
          ("菜场路口", "07:25", "16:30")], 8),
        ("浙B·X0102", 35, "西线", "吴师傅", "teacher3",
         [("西岙村", "06:55", "17:00"), ("新河小区", "07:10", "16:45")], 6),
    ],
    "s02": [
        ("浙B·X0201", 19, "南线", "郑师傅", "teacher2",
         [("南苑新村", "07:00", "16:50"), ("长春路口", "07:15", "16:35")], 5),
    ],
}  # fmt: skip
TRIP_DAYS = 5


def _at(day, clock):
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


def _driver(officer, school, name, rng, today, *, reexamined_days=120):
    return buses.save_driver(
        actor=officer,
        school=school,
        name=name,
        id_number=demo_id_number(rng, today.year - rng.randint(35, 52)),
        phone=f"1390000{rng.randint(1000, 9999)}",
        licensed_on=today - timedelta(days=365 * rng.randint(8, 20)),
        reexamined_on=today - timedelta(days=reexamined_days),
        background_checked_on=today - timedelta(days=90),
    )


def _route(officer, school, spec, rng, today, students):
    plate, seats, name, driver_name, attendant, stops, riders = spec
    vehicle = buses.save_vehicle(
        actor=officer,
        school=school,
        plate=plate,
        seats=seats,
        inspected_on=today - timedelta(days=75),
        insured_until=today + timedelta(days=200),
        equipment=KIT,
    )
    driver = _driver(officer, school, driver_name, rng, today)
    route = buses.save_route(
        actor=officer,
        school=school,
        name=name,
        vehicle=vehicle,
        driver=driver,
        attendant=User.objects.get(username=f"{school.code}.{attendant}"),
    )
    made = [
        buses.add_stop(
            actor=officer,
            route=route,
            name=stop,
            morning_time=time.fromisoformat(morning),
            afternoon_time=time.fromisoformat(afternoon),
        )
        for stop, morning, afternoon in stops
    ]
    for i in range(riders):
        buses.add_rider(
            actor=officer, route=route, student=students.pop(), stop=made[i % len(made)]
        )
    return route


def _run(route, day, direction, rng, *, lost=False):
    """One trip: everyone boards (one child now and then stays home), everyone gets off. With
    `lost`, the last child is not tapped off, the trip ends unaccounted, she is found at home
    with her grandmother, and the trip is closed."""
    attendant = route.attendant
    morning = direction == Direction.TO_SCHOOL
    start = _at(day, "06:50" if morning else "16:20")
    trip = trips.start_trip(actor=attendant, route=route, direction=direction, now=start)
    riders = list(route.riders.select_related("student").order_by("stop__position", "pk"))
    at = start
    on = []
    for rider in riders:
        at += timedelta(minutes=3)
        kind = MarkKind.ABSENT if rng.random() < 0.06 else MarkKind.BOARD
        trips.mark(actor=attendant, trip=trip, student=rider.student, kind=kind, now=at)
        if kind == MarkKind.BOARD:
            on.append(rider.student)
    missing = on.pop() if lost and on else None
    for student in on:
        at += timedelta(minutes=1)
        trips.mark(actor=attendant, trip=trip, student=student, kind=MarkKind.ALIGHT, now=at)
    at += timedelta(minutes=5)
    trip = trips.end_trip(actor=attendant, trip=trip, now=at)
    if missing is not None:
        at += timedelta(minutes=12)
        trips.mark(
            actor=attendant,
            trip=trip,
            student=missing,
            kind=MarkKind.ACCOUNT,
            note="在本站下车时漏点名，已由奶奶接回家，电话核实",
            now=at,
        )
        trips.close_trip(actor=attendant, trip=trip, now=at)


def load(demo):
    """Idempotent: a school with a bus route is left alone."""
    today = timezone.localdate()
    days = weekdays_before(today, TRIP_DAYS)
    with muted():
        for code, specs in ROUTES.items():
            school = Org.objects.get(code=code)
            if BusRoute.objects.filter(school=school).exists():
                continue
            rng = random.Random(f"transport-{code}")
            officer = User.objects.get(username=f"{code}.officer")
            students = list(Student.objects.filter(school=school, is_active=True).order_by("-pk"))
            routes = [_route(officer, school, spec, rng, today, students) for spec in specs]
            if code == "s01":
                _driver(officer, school, "冯师傅", rng, today, reexamined_days=400)
            for day in days:
                for route in routes:
                    for direction in (Direction.TO_SCHOOL, Direction.FROM_SCHOOL):
                        lost = (
                            code == "s01"
                            and day == days[-2]
                            and route == routes[0]
                            and (direction == Direction.FROM_SCHOOL)
                        )
                        _run(route, day, direction, rng, lost=lost)
        outings.load(demo)
        traffic.load(demo)
    return Trip.objects.count()
