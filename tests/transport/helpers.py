"""Rows the transport tests build on: a small bus route at s01 with its own riders, so a test
counts only what it made (the demo's routes already carry their riders)."""

import uuid
from datetime import timedelta
from itertools import count

from django.utils import timezone

from safecampus.core import idcard
from safecampus.core.models import Org, User
from safecampus.students.models import SchoolClass, Student
from safecampus.transport.services import buses

SERIAL = count(1)
KIT = ["逃生锤", "干粉灭火器", "急救箱"]


def id_number_born(born):
    first17 = f"990101{born:%Y%m%d}{next(SERIAL) % 1000:03d}"
    return first17 + idcard.check_char(first17)


def route_with_riders(*, seats=3, riders=3, attendant="s01.teacher", school="s01"):
    """A route of its own with `riders` new students and a bus of `seats` seats."""
    school = Org.objects.get(code=school)
    officer = User.objects.get(username=f"{school.code}.officer")
    today = timezone.localdate()
    n = next(SERIAL)
    vehicle = buses.save_vehicle(
        actor=officer,
        school=school,
        plate=f"测T{n:05d}",
        seats=seats,
        inspected_on=today - timedelta(days=10),
        insured_until=today + timedelta(days=100),
        equipment=KIT,
    )
    driver = buses.save_driver(
        actor=officer,
        school=school,
        name=f"测试司机{n}",
        id_number=id_number_born(today.replace(year=today.year - 40)),
        licensed_on=today.replace(year=today.year - 10),
        reexamined_on=today - timedelta(days=30),
        background_checked_on=today - timedelta(days=30),
    )
    route = buses.save_route(
        actor=officer,
        school=school,
        name=f"测试线{n}",
        vehicle=vehicle,
        driver=driver,
        attendant=User.objects.get(username=attendant),
    )
    stop = buses.add_stop(actor=officer, route=route, name="测试站")
    klass = SchoolClass.objects.filter(school=school).first()
    for i in range(riders):
        student = Student.objects.create(
            school=school, school_class=klass, name=f"乘车生{n}-{i}", student_number=f"T{n}-{i}"
        )
        buses.add_rider(actor=officer, route=route, student=student, stop=stop)
    return route


def students_of(route):
    return [r.student for r in route.riders.select_related("student").order_by("pk")]


def fresh():
    return uuid.uuid4()
