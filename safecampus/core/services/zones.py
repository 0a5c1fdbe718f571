"""The grid: creating, editing, moving and deleting a school's zones."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership, Zone
from safecampus.core.models.grid import zone_path
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


def _descendants(zone):
    """Every zone below `zone`, parents before children (one query per level)."""
    found = []
    level = [zone.pk]
    while level:
        rows = list(Zone.objects.filter(parent_id__in=level).only("pk", "parent_id", "name"))
        found.extend(rows)
        level = [z.pk for z in rows]
    return found


def _set_paths(zone):
    """Give `zone` its path and rewrite every descendant's in one bulk update."""
    parent_path = Zone.objects.get(pk=zone.parent_id).path_name if zone.parent_id else ""
    zone.path_name = zone_path(parent_path, zone.name)
    below = _descendants(zone)
    paths = {zone.pk: zone.path_name}
    for child in below:
        child.path_name = paths[child.pk] = zone_path(paths[child.parent_id], child.name)
    longest = max([zone.path_name, *(z.path_name for z in below)], key=len)
    if len(longest) > Zone._meta.get_field("path_name").max_length:
        raise DomainError(_("The full path of a zone would be too long; choose a shorter name."))
    return below


@transaction.atomic
def create_zone(*, actor, school, name, kind, parent=None, responsible=None, notes=""):
    require(actor, Cap.ZONE_MANAGE, school)
    zone = Zone(school=school, name=name.strip(), kind=kind, parent=parent, notes=notes)
    zone.responsible = responsible
    _check_parent(zone, parent)
    _check_responsible(school, responsible)
    _check_name(zone)
    _set_paths(zone)
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
        below = _set_paths(zone) if {"name", "parent"} & set(changes) else []
        zone.save()
        Zone.objects.bulk_update(below, ["path_name"])
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
