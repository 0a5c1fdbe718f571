"""The school's gate settings: pick-up closing time and a visit's default length."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.gate.models import GateSettings

FIELDS = ["closing_time", "default_stay_minutes"]


@transaction.atomic
def save_settings(*, actor, school, closing_time, default_stay_minutes):
    require(actor, Cap.SCHOOL_EDIT, school)
    if not 1 <= default_stay_minutes <= 24 * 60:
        raise DomainError(_("The expected stay must be between 1 minute and 24 hours."))
    found, _created = GateSettings.objects.get_or_create(school=school)
    before = audit.snapshot(found, FIELDS)
    found.closing_time, found.default_stay_minutes = closing_time, default_stay_minutes
    changes = audit.diff(found, before, FIELDS)
    found.save()
    audit.record(actor=actor, org=school, action="gate.settings", obj=found, changes=changes)
    return found
