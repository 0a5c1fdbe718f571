"""Keeping the school's buses, drivers, routes, stops and riders (transport.manage)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import idcard
from safecampus.core.errors import DomainError
from safecampus.core.models import Membership
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.transport.models import BusRoute, Driver, Rider, Stop, Vehicle
from safecampus.transport.rules import add_months, rules_for

VEHICLE_FIELDS = ["plate", "seats", "inspected_on", "insured_until", "equipment", "is_active"]
DRIVER_FIELDS = [
    "name",
    "id_number",
    "phone",
    "licensed_on",
    "reexamined_on",
    "background_checked_on",
    "is_active",
]
ROUTE_FIELDS = ["name", "vehicle", "driver", "attendant", "is_active"]


def _own(school, row, message):
    if row is not None and row.school_id != school.pk:
        raise DomainError(message)


def _not_future(*days):
    today = timezone.localdate()
    if any(day > today for day in days):
        raise DomainError(_("A date of a past check or inspection cannot be in the future."))


def _save(actor, school, row, changes, action):
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise DomainError(_("The school already has one with this name or plate.")) from None
    audit.record(actor=actor, org=school, action=action, obj=row, changes=changes)
    return row


@transaction.atomic
def save_vehicle(*, actor, school, vehicle=None, **data):
    """Add a bus or change one; the next inspection is due by the rule in force now."""
    require(actor, Cap.TRANSPORT_MANAGE, school)
    _own(school, vehicle, _("This bus belongs to another school."))
    data["plate"] = (data.get("plate") or "").strip().upper()
    if not data["plate"]:
        raise DomainError(_("Give the bus's plate."))
    if not 1 <= (data.get("seats") or 0) <= 80:
        raise DomainError(_("Enter the approved seats, from 1 to 80."))
    _not_future(data["inspected_on"])
    data["equipment"] = [str(item).strip() for item in data.get("equipment") or [] if item]
    before = audit.snapshot(vehicle, VEHICLE_FIELDS) if vehicle else {}
    row = vehicle or Vehicle(school=school)
    for name in VEHICLE_FIELDS:
        if name in data:
            setattr(row, name, data[name])
    rules = rules_for(school)
    row.inspection_due = add_months(row.inspected_on, rules.inspection_months)
    return _save(actor, school, row, audit.diff(row, before, VEHICLE_FIELDS), "bus.vehicle")


@transaction.atomic
def save_driver(*, actor, school, driver=None, **data):
    """Add a driver or change one. An ineligible driver is kept (the page says why) but cannot
    start a trip: the record is how the school sees what to renew."""
    require(actor, Cap.TRANSPORT_MANAGE, school)
    _own(school, driver, _("This driver belongs to another school."))
    data["name"] = (data.get("name") or "").strip()
    data["id_number"] = idcard.normalise(data.get("id_number"))
    if not data["name"]:
        raise DomainError(_("Give the driver's name."))
    if not idcard.is_valid(data["id_number"]):
        raise DomainError(
            _("This resident ID number is not valid: check the digits (the last one is a check).")
        )
    _not_future(data["licensed_on"], data["reexamined_on"], data["background_checked_on"])
    before = audit.snapshot(driver, DRIVER_FIELDS) if driver else {}
    row = driver or Driver(school=school)
    for name in DRIVER_FIELDS:
        if name in data:
            setattr(row, name, data[name])
    # The trail records that the ID number changed, never its digits.
    changes = audit.diff(row, before, [f for f in DRIVER_FIELDS if f != "id_number"])
    if before.get("id_number") != row.id_number:
        changes["id_number"] = row.masked_id
    return _save(actor, school, row, changes, "bus.driver")


@transaction.atomic
def save_route(*, actor, school, route=None, name, vehicle, driver, attendant, is_active=True):
    require(actor, Cap.TRANSPORT_MANAGE, school)
    _own(school, route, _("This route belongs to another school."))
    _own(school, vehicle, _("This bus belongs to another school."))
    _own(school, driver, _("This driver belongs to another school."))
    if not Membership.objects.active().filter(user=attendant, org=school).exists():
        raise DomainError(_("The attendant must be a current member of this school."))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the route a name."))
    before = audit.snapshot(route, ROUTE_FIELDS) if route else {}
    row = route or BusRoute(school=school)
    row.name, row.vehicle, row.driver = name, vehicle, driver
    row.attendant, row.is_active = attendant, is_active
    return _save(actor, school, row, audit.diff(row, before, ROUTE_FIELDS), "bus.route")


@transaction.atomic
def add_stop(*, actor, route, name, morning_time=None, afternoon_time=None):
    require(actor, Cap.TRANSPORT_MANAGE, route.school)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the stop a name."))
    position = route.stops.count() + 1
    stop = Stop.objects.create(
        route=route,
        position=position,
        name=name,
        morning_time=morning_time,
        afternoon_time=afternoon_time,
    )
    audit.record(
        actor=actor, org=route.school, action="bus.stop", obj=route, changes={"stop": name}
    )
    return stop


@transaction.atomic
def add_rider(*, actor, route, student, stop):
    """Put a student on the route's list, at a stop of the route; a student rides one route."""
    require(actor, Cap.TRANSPORT_MANAGE, route.school)
    if student.school_id != route.school_id or not student.is_active:
        raise DomainError(_("The student is not enrolled at this school."))
    if stop.route_id != route.pk:
        raise DomainError(_("Choose a stop of this route."))
    taken = Rider.objects.filter(student=student).select_related("route").first()
    if taken is not None:
        raise DomainError(
            _("%(student)s already rides %(route)s.") % {"student": student, "route": taken.route}
        )
    rider = Rider.objects.create(route=route, student=student, stop=stop)
    audit.record(
        actor=actor,
        org=route.school,
        action="bus.rider_add",
        obj=route,
        changes={"student": str(student), "stop": stop.name},
    )
    return rider


@transaction.atomic
def remove_rider(*, actor, rider):
    route = rider.route
    require(actor, Cap.TRANSPORT_MANAGE, route.school)
    audit.record(
        actor=actor,
        org=route.school,
        action="bus.rider_remove",
        obj=route,
        changes={"student": str(rider.student)},
    )
    rider.delete()
