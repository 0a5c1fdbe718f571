"""Duty roster (值守): the school's time bands, who guards each gate in a band of a day, and the
leader on night duty (领导带班) at a boarding school."""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership, Zone, ZoneKind
from safecampus.core.roles import Cap, Role
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.defences.models import DutyBand, DutySlot, LeaderDuty
from safecampus.defences.services import validation as check

LEADER_ROLES = (Role.PRINCIPAL, Role.SAFETY_OFFICER)
MAX_GUARDS = 20


def members(school, roles):
    return Membership.objects.active().filter(org=school, role__in=roles).values("user")


@transaction.atomic
def add_band(*, actor, school, name, starts, ends):
    require(actor, Cap.DEFENCE_MANAGE, school)
    problems = check.Problems()
    name = check.text(problems, "name", name, 40)
    if starts is None:
        problems.add("starts", _("This field is required."))
    if ends is None:
        problems.add("ends", _("This field is required."))
    if starts is not None and starts == ends:
        problems.add("ends", _("A band cannot end when it starts."))
    if name and DutyBand.objects.filter(school=school, name=name).exists():
        problems.add("name", _("The school already has a band of this name."))
    problems.raise_any()
    band = DutyBand.objects.create(school=school, name=name, starts=starts, ends=ends)
    audit.record(
        actor=actor,
        org=school,
        action="defence.band_add",
        obj=band,
        changes={"band": [None, str(band)]},
    )
    return band


@transaction.atomic
def set_duty(*, actor, school, zone, band, day, guards, closed=False):
    """Who guards `zone` in `band` on `day`: the guards replace whoever was there; none leaves
    the band a gap, unless the gate is closed then."""
    require(actor, Cap.DEFENCE_MANAGE, school)
    problems = check.Problems()
    if not isinstance(zone, Zone) or zone.school_id != school.pk or zone.kind != ZoneKind.GATE:
        problems.add("zone", _("Choose a gate of this school."))
    if not isinstance(band, DutyBand) or band.school_id != school.pk:
        problems.add("band", _("Choose a time band of this school."))
    if day is None:
        problems.add("day", _("This field is required."))
    guards = list(guards or [])
    allowed = set(members(school, [Role.GUARD]).values_list("user", flat=True))
    if len(guards) > MAX_GUARDS or any(g.pk not in allowed for g in guards):
        problems.add("guards", _("Choose guards of this school."))
    if closed and guards:
        problems.add("closed", _("A closed gate has no guard: choose one or the other."))
    problems.raise_any()
    slot = DutySlot.objects.select_for_update().filter(zone=zone, band=band, day=day).first()
    before = sorted(str(g) for g in slot.guards.all()) if slot else []
    if not guards and not closed:
        if slot is not None:
            slot.delete()
        slot = None
    else:
        if slot is None:
            slot = DutySlot(school=school, zone=zone, band=band, day=day)
        slot.closed = closed
        slot.save()
        slot.guards.set(guards)
    after = sorted(str(g) for g in guards)
    audit.record(
        actor=actor,
        org=school,
        action="defence.duty_set",
        obj=slot or zone,
        changes={
            "gate": [None, zone.path_name],
            "band": [None, str(band)],
            "day": [None, day],
            "guards": [before, after],
            **({"closed": [None, True]} if closed else {}),
        },
    )
    return slot


@transaction.atomic
def set_leader(*, actor, school, day, leader):
    """The leader on night duty on `day` at a boarding school; None clears the night."""
    require(actor, Cap.DEFENCE_MANAGE, school)
    if not school.boarding_students:
        raise DomainError(_("Only a boarding school keeps leaders on night duty."))
    problems = check.Problems()
    if day is None:
        problems.add("day", _("This field is required."))
    if leader is not None and not members(school, LEADER_ROLES).filter(user=leader).exists():
        problems.add("leader", _("Choose a leader of this school."))
    problems.raise_any()
    found = LeaderDuty.objects.select_for_update().filter(school=school, day=day).first()
    before = str(found.leader) if found else None
    if leader is None:
        if found is not None:
            found.delete()
        duty = None
    elif found is None:
        duty = LeaderDuty.objects.create(school=school, day=day, leader=leader)
    else:
        found.leader = leader
        found.save(update_fields=["leader"])
        duty = found
    audit.record(
        actor=actor,
        org=school,
        action="defence.leader_duty",
        obj=duty or school,
        changes={"day": [None, day], "leader": [before, str(leader) if leader else None]},
    )
    return duty


@transaction.atomic
def copy_last_week(*, actor, school, monday):
    """The week from `monday` gets the previous week's slots, each a week later: a band of a
    gate already set this week is kept as it is, and a guard who is no longer the school's is
    left out (a slot left with no one is not copied: it stays a gap). Returns how many slots
    were copied."""
    require(actor, Cap.DEFENCE_MANAGE, school)
    if monday is None or monday.weekday() != 0:
        raise DomainError(_("Choose the week to copy into."))
    start, end = monday - timedelta(days=7), monday
    taken = set(
        DutySlot.objects.filter(
            school=school, day__gte=monday, day__lt=monday + timedelta(days=7)
        ).values_list("zone_id", "band_id", "day")
    )
    allowed = set(members(school, [Role.GUARD]).values_list("user", flat=True))
    copied = 0
    last_week = (
        DutySlot.objects.filter(school=school, day__gte=start, day__lt=end)
        .prefetch_related("guards")
        .order_by("day", "band__starts", "zone__path_name")
    )
    for slot in last_week:
        day = slot.day + timedelta(days=7)
        if (slot.zone_id, slot.band_id, day) in taken:
            continue
        guards = [g for g in slot.guards.all() if g.pk in allowed]
        if not guards and not slot.closed:
            continue
        made = DutySlot.objects.create(
            school=school, zone_id=slot.zone_id, band_id=slot.band_id, day=day, closed=slot.closed
        )
        made.guards.set(guards)
        copied += 1
    audit.record(
        actor=actor,
        org=school,
        action="defence.roster_copy",
        obj=school,
        changes={"week": [start, monday], "slots": [None, copied]},
    )
    return copied
