"""The grid: creating, editing, moving and deleting a school's zones."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership, Zone
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require

FIELDS = ["name", "kind", "parent", "responsible", "notes"]


def _check_responsible(school, person):
    if person is None:
        return
    if not Membership.objects.active().filter(user=person, org=school).exists():
        raise DomainError(_("The responsible person must be a current member of this school."))


def _check_parent(zone, parent):
    if parent is None:
        return
    if parent.school_id != zone.school_id:
        raise DomainError(_("A zone can only be placed inside a zone of the same school."))
    node = parent
    while node is not None:
        if zone.pk is not None and node.pk == zone.pk:
            raise DomainError(_("A zone cannot be placed inside itself or one of its own parts."))
        node = node.parent


def _check_name(zone):
    clash = Zone.objects.filter(school=zone.school, parent=zone.parent, name=zone.name)
    if zone.pk:
        clash = clash.exclude(pk=zone.pk)
    if clash.exists():
        raise DomainError(_("There is already a zone with this name in the same place."))


@transaction.atomic
def create_zone(*, actor, school, name, kind, parent=None, responsible=None, notes=""):
    require(actor, Cap.ZONE_MANAGE, school)
    zone = Zone(school=school, name=name.strip(), kind=kind, parent=parent, notes=notes)
    zone.responsible = responsible
    _check_parent(zone, parent)
    _check_responsible(school, responsible)
    _check_name(zone)
    zone.save()
    audit.record(
        actor=actor,
        org=school,
        action="zone.create",
        obj=zone,
        changes={"kind": kind, "parent": str(parent or ""), "responsible": str(responsible or "")},
    )
    return zone


@transaction.atomic
def update_zone(*, actor, zone, **data):
    require(actor, Cap.ZONE_MANAGE, zone.school)
    before = audit.snapshot(zone, FIELDS)
    for field, value in data.items():
        if field not in FIELDS:
            raise TypeError(f"unknown zone field {field}")
        setattr(zone, field, value.strip() if field == "name" else value)
    _check_parent(zone, zone.parent)
    _check_responsible(zone.school, zone.responsible)
    _check_name(zone)
    changes = audit.diff(zone, before, FIELDS)
    if changes:
        zone.save()
        action = "zone.move" if list(changes) == ["parent"] else "zone.update"
        audit.record(actor=actor, org=zone.school, action=action, obj=zone, changes=changes)
    return zone


def move_zone(*, actor, zone, parent):
    return update_zone(actor=actor, zone=zone, parent=parent)


@transaction.atomic
def delete_zone(*, actor, zone):
    require(actor, Cap.ZONE_MANAGE, zone.school)
    name = str(zone)
    try:
        with transaction.atomic():
            zone.delete()
    except ProtectedError as exc:
        kinds = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        raise DomainError(
            _("This zone cannot be deleted while %(things)s refer to it.")
            % {"things": ", ".join(kinds)}
        ) from exc
    audit.record(actor=actor, org=zone.school, action="zone.delete", object_repr=name, changes={})
