"""The month an API list is about: `month=YYYY-MM` (this month when left out)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.metrics import Period

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def period_of(month):
    if not month:
        return Period.month(timezone.localdate())
    year, number = (int(part) for part in month.split("-"))
    if not 2000 <= year <= 2100:
        raise DomainError(_("Enter a month as YYYY-MM."))
    return Period.month(date(year, number, 1))
