"""Reads of the school's buses, drivers and routes, each from what the viewer may see."""

from django.db.models import Count, Prefetch, Q

from safecampus.core.access import visible_to
from safecampus.core.roles import Cap
from safecampus.students.models import Student
from safecampus.transport.models import BusRoute, Driver, Rider, Stop, Vehicle
from safecampus.transport.rules import driver_eligibility, rules_for, vehicle_problems


def vehicles(*, user, school):
    rows = visible_to(user, Vehicle, Cap.TRANSPORT_VIEW).filter(school=school)
    return rows.annotate(route_count=Count("routes")).order_by("-is_active", "plate")


def vehicles_checked(*, user, school):
    """The buses with what keeps each off the road today (a school has a handful)."""
    rules = rules_for(school)
    rows = list(vehicles(user=user, school=school))
    for row in rows:
        row.problems = vehicle_problems(row, rules)
    return rows, rules


def drivers(*, user, school):
    rows = visible_to(user, Driver, Cap.TRANSPORT_VIEW).filter(school=school)
    return rows.order_by("-is_active", "name")


def drivers_checked(*, user, school):
    rules = rules_for(school)
    rows = list(drivers(user=user, school=school))
    for row in rows:
        row.eligibility = driver_eligibility(row, rules)
    return rows, rules


def routes(*, user, school):
    """The routes a person may see: all of them with transport.view, else those they attend."""
    rows = visible_to(user, BusRoute).filter(school=school)
    if not visible_to(user, BusRoute, Cap.TRANSPORT_VIEW).filter(school=school).exists():
        rows = rows.filter(attendant=user)
    return (
        rows.select_related("vehicle", "driver", "attendant")
        .annotate(
            rider_count=Count("riders", distinct=True), stop_count=Count("stops", distinct=True)
        )
        .order_by("-is_active", "name")
    )


def route_for(user, school, route_id):
    return routes(user=user, school=school).filter(pk=route_id)


def route_sheet(route):
    """The route's stops, each with its riders (two queries)."""
    riders = Rider.objects.select_related("student__school_class").order_by("student__name")
    return list(
        Stop.objects.filter(route=route)
        .prefetch_related(Prefetch("rider_set", queryset=riders, to_attr="riders"))
        .order_by("position", "pk")
    )


def vehicle_choices(school):
    return Vehicle.objects.filter(school=school, is_active=True).order_by("plate")


def driver_choices(school):
    return Driver.objects.filter(school=school, is_active=True).order_by("name")


def unrouted_students(school):
    """Enrolled students who ride no route, for the rider picker."""
    return (
        Student.objects.filter(school=school, is_active=True)
        .filter(~Q(pk__in=Rider.objects.filter(route__school=school).values("student")))
        .select_related("school_class")
        .order_by("school_class__grade", "school_class__name", "name")
    )
