"""Hardware alarm boxes: each has its own key, shown once, stored only as a hash."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.emergencies.models import AlarmDevice


@transaction.atomic
def add_device(*, actor, school, name, zone=None):
    """Returns the device and its key; the key is never stored or shown again."""
    require(actor, Cap.ALARM_MANAGE, school)
    name = name.strip()
    if not name:
        raise DomainError(_("Give the device a name."))
    if zone is not None and zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))
    key = AlarmDevice.new_key()
    device = AlarmDevice.objects.create(
        school=school,
        name=name[:60],
        zone=zone,
        prefix=key[4:12],
        key_hash=AlarmDevice.hash_key(key),
    )
    audit.record(actor=actor, org=school, action="alarm_device.add", obj=device)
    return device, key


@transaction.atomic
def revoke_device(*, actor, device):
    require(actor, Cap.ALARM_MANAGE, device.school)
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])
        audit.record(actor=actor, org=device.school, action="alarm_device.revoke", obj=device)
    return device


def device_for_key(key):
    """The device of this key, revoked or not (the alarm service refuses a revoked one)."""
    if not key:
        return None
    device = (
        AlarmDevice.objects.select_related("school", "zone")
        .filter(key_hash=AlarmDevice.hash_key(key))
        .first()
    )
    if device is not None and device.revoked_at is None:
        AlarmDevice.objects.filter(pk=device.pk).update(last_used_at=timezone.now())
    return device
