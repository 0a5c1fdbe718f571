"""What the defences keep in use (equipment, technical systems) goes out of use the same way."""

from django.utils import timezone

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require


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
