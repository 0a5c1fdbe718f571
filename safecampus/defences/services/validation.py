"""What every record of the defences is checked for before it is written: each bad value named
by its field, all of them at once."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import idcard
from safecampus.core.errors import InvalidFields

PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")


class Problems:
    def __init__(self):
        self.fields = {}

    def add(self, field, message):
        self.fields.setdefault(field, message)

    def raise_any(self):
        if self.fields:
            raise InvalidFields(self.fields)


def text(problems, field, value, max_length, *, required=True):
    value = (value or "").strip()
    if required and not value:
        problems.add(field, _("This field is required."))
    elif len(value) > max_length:
        problems.add(field, _("Keep this under %(n)d characters.") % {"n": max_length})
    return value


def id_number(problems, field, value):
    number = idcard.normalise(value)
    if not idcard.is_valid(number):
        problems.add(field, _("Enter a valid 18-character resident ID number."))
    return number


def phone(problems, field, value):
    value = (value or "").strip()
    if value and not PHONE.match(value):
        problems.add(field, _("Enter a phone number (digits, 5 to 20)."))
    return value


def not_future(problems, field, day):
    if day is not None and day > timezone.localdate():
        problems.add(field, _("This date cannot be in the future."))
    return day
