"""Mainland resident ID numbers (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check.

The check character makes every single-digit error detectable: each weight is non-zero
modulo 11, so changing one digit by 1..9 always changes the weighted sum modulo 11.
"""

import re
from datetime import date

from django.utils import timezone

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")


def check_char(first17):
    """The check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise(value):
    return (value or "").strip().upper()


def birth_date(number):
    """The date of birth in positions 7 to 14, or None when it is not a real date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def is_valid(value, today=None):
    """True for an 18-character number with a real past birth date and the right check."""
    number = normalise(value)
    if not _SHAPE.match(number):
        return False
    born = birth_date(number)
    if born is None or born.year < 1900 or born > (today or timezone.localdate()):
        return False
    return check_char(number[:17]) == number[17]
