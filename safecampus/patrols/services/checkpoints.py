"""Checkpoints: their zone, short code and printed QR label."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.patrols.models import Checkpoint, new_token

CODE_RE = re.compile(r"^[A-Z0-9-]{1,8}$")


def normalise_code(code):
    return (code or "").strip().upper()


def _check_code(school, code, exclude=None):
    if not CODE_RE.match(code):
        raise DomainError(_("A short code is 1 to 8 letters, digits or dashes, e.g. G1."))
    clash = Checkpoint.objects.filter(school=school, code=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(
            _("Another checkpoint of this school has the code %(code)s.") % {"code": code}
        )


def _check_zone(school, zone):
    if zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))


@transaction.atomic
def create_checkpoint(*, actor, school, zone, name, code):
    require(actor, Cap.PATROL_MANAGE, school)
    code = normalise_code(code)
    _check_zone(school, zone)
    _check_code(school, code)
    if not name.strip():
        raise DomainError(_("Give the checkpoint a name."))
    checkpoint = Checkpoint.objects.create(school=school, zone=zone, name=name.strip(), code=code)
    audit.record(
        actor=actor,
        org=school,
        action="patrol.checkpoint_add",
        obj=checkpoint,
        changes={"code": code, "zone": zone.path_name},
    )
    return checkpoint


@transaction.atomic
def update_checkpoint(*, actor, checkpoint, zone, name, code, active):
    school = checkpoint.school
    require(actor, Cap.PATROL_MANAGE, school)
    code = normalise_code(code)
    _check_zone(school, zone)
    _check_code(school, code, exclude=checkpoint)
    if not name.strip():
        raise DomainError(_("Give the checkpoint a name."))
    checkpoint.zone, checkpoint.name, checkpoint.code = zone, name.strip(), code
    checkpoint.active = active
    checkpoint.save(update_fields=["zone", "name", "code", "active"])
    audit.record(
        actor=actor,
        org=school,
        action="patrol.checkpoint_edit",
        obj=checkpoint,
        changes={"code": code, "zone": zone.path_name, "active": active},
    )
    return checkpoint


@transaction.atomic
def renew_label(*, actor, checkpoint):
    """A new QR token: the old printed label (lost, copied) is refused from now on."""
    require(actor, Cap.PATROL_MANAGE, checkpoint.school)
    checkpoint.token = new_token()
    checkpoint.save(update_fields=["token"])
    audit.record(actor=actor, org=checkpoint.school, action="patrol.label_renew", obj=checkpoint)
    return checkpoint
