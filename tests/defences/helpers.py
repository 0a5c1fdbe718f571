"""Rows the defences' tests build: a guard at a school, with a valid ID number of its own."""

from datetime import date
from itertools import count

from safecampus.core.models import User
from safecampus.defences.demo import id_number
from safecampus.defences.models import SecurityStaff
from safecampus.defences.services import staff as services

_serial = count(500)


def add_guard(school, *, name="测试保安", born=date(1980, 5, 5), **fields):
    officer = User.objects.filter(username=f"{school.code}.officer").first()
    values = {
        "name": name,
        "role": "guard",
        "employer": "school",
        "id_number": id_number("330102", born, next(_serial) % 1000),
        "phone": "13900000000",
        "certificate_number": "浙保测试",
        "health_checked_on": date(2026, 6, 1),
        "started_on": date(2024, 9, 1),
    } | fields
    if officer is None:  # a school made by the test, with no people: the row as it would be
        return SecurityStaff.objects.create(school=school, **values)
    return services.add_staff(actor=officer, school=school, **values)
