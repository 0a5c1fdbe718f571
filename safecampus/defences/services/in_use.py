"""What the defences keep in use (equipment, technical systems) is checked the same way (a
check's day and note judged alike, a failed check filing a hazard at the thing's place) and goes
out of use the same way."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.defences.services import validation as check
from safecampus.hazards.models import Category, Source
from safecampus.hazards.services import report_hazard


def check_values(problems, *, field, day, since, too_early, ok, note):
    """A check's day (given, not in the future, not before `since`: `too_early` says so) and
    its note (required when the thing failed); returns the cleaned note."""
    if day is None:
        problems.add(field, _("This field is required."))
    check.not_future(problems, field, day)
    if day and day < since:
        problems.add(field, too_early)
    return check.text(problems, "note", note, 200, required=not ok)


def file_failure(*, actor, thing, day, description, origin_label):
    """A failed check of `thing` (equipment or a technical system) as a hazard at its place,
    reported through the hazard ledger as found on `day` by the school's own inspection."""
    return report_hazard(
        actor=actor,
        school=thing.school,
        zone=thing.zone,
        place=thing.zone.path_name,
        category=Category.PUBLIC_SECURITY,
        description=description,
        source=Source.SELF_INSPECTION,
        found_on=day,
        origin_label=origin_label,
        origin_url=thing.get_absolute_url(),
    )


def retire(*, actor, thing, action, refusal):
    """`thing` locked and out of use from today (inside the caller's transaction); `refusal`
    when it already is."""
    thing = type(thing).objects.select_for_update().get(pk=thing.pk)
    require(actor, Cap.DEFENCE_MANAGE, thing.school)
    if thing.retired_on is not None:
        raise DomainError(refusal)
    thing.retired_on = timezone.localdate()
    thing.save(update_fields=["retired_on"])
    audit.record(actor=actor, org=thing.school, action=action, obj=thing)
    return thing
