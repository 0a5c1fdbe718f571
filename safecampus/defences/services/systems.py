"""Technical systems (技防): the school records a system at a place, tests it periodically from a
phone (a failed test files a hazard at the place, as a failed equipment inspection does), and
takes it out of use."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.alarm_devices import devices_of
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.models import Zone
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require, require_any
from safecampus.defences.models import SystemTest, SystemType, TechSystem
from safecampus.defences.models.systems import due_after
from safecampus.defences.services import in_use
from safecampus.defences.services import validation as check

MAX_CAMERAS = 10000


def _count(problems, field, value, *, required, top=MAX_CAMERAS):
    if value is None:
        if required:
            problems.add(field, _("This field is required."))
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
        problems.add(field, _("Enter a whole number from 0 to %(n)d.") % {"n": top})
        return None
    return value


def _device(problems, school, kind, device_id):
    """The id of an alarm device of this school in use, for a one-key alarm box only."""
    if device_id is None:
        return None
    if isinstance(kind, SystemType) and not kind.is_alarm_box:
        problems.add("alarm_device_id", _("Only a one-key alarm box is linked to an alarm device."))
        return None
    if device_id not in {device.id for device in devices_of(school)}:
        problems.add("alarm_device_id", _("Choose an alarm device of this school."))
        return None
    return device_id


def _clean(school, values):
    problems = check.Problems()
    zone = values.get("zone")
    if not isinstance(zone, Zone) or zone.school_id != school.pk:
        problems.add("zone", _("Choose a place of this school."))
    kind = values.get("kind")
    if not isinstance(kind, SystemType):
        problems.add("kind", _("Choose the type."))
    video = isinstance(kind, SystemType) and kind.is_video
    cameras = _count(problems, "cameras", values.get("cameras"), required=video)
    working = _count(problems, "cameras_working", values.get("cameras_working"), required=video)
    retention = _count(
        problems, "retention_days", values.get("retention_days"), required=video, top=3650
    )
    if cameras is not None and working is not None and working > cameras:
        problems.add("cameras_working", _("More cameras working than installed."))
    installed_on = values.get("installed_on")
    if installed_on is None:
        problems.add("installed_on", _("This field is required."))
    check.not_future(problems, "installed_on", installed_on)
    name = check.text(problems, "name", values.get("name"), 80, required=False)
    note = check.text(problems, "note", values.get("note"), 200, required=False)
    device_id = _device(problems, school, kind, values.get("alarm_device_id"))
    if isinstance(kind, SystemType) and not video:
        # Cameras and retention belong to video: a figure typed for another type is refused
        # rather than dropped.
        for field in ("cameras", "cameras_working", "retention_days"):
            if values.get(field) is not None:
                problems.add(field, _("Only a video system has cameras and stored video."))
    problems.raise_any()
    return {
        "zone": zone,
        "kind": kind,
        "name": name,
        "cameras": cameras,
        "cameras_working": working,
        "retention_days": retention,
        "police_linked": bool(values.get("police_linked")),
        "alarm_device_id": device_id,
        "installed_on": installed_on,
        "note": note,
    }


@transaction.atomic
def add_system(*, actor, school, **values):
    require(actor, Cap.DEFENCE_MANAGE, school)
    data = _clean(school, values)
    system = TechSystem.objects.create(
        school=school, test_due_on=due_after(data["installed_on"], data["kind"]), **data
    )
    audit.record(
        actor=actor,
        org=school,
        action="defence.system_add",
        obj=system,
        changes={
            "place": [None, data["zone"].path_name],
            "type": [None, data["kind"].code],
            "cameras": [None, data["cameras"]],
            "alarm_device": [None, data["alarm_device_id"]],
            "retention_days": [None, data["retention_days"]],
            "police_linked": [None, data["police_linked"]],
        },
    )
    return system


@transaction.atomic
def link_device(*, actor, system, alarm_device_id):
    """Link a one-key alarm box to the school's alarm device in the emergencies module (its last
    use then shows beside the box), or unlink it (None)."""
    require(actor, Cap.DEFENCE_MANAGE, system.school)
    system = TechSystem.objects.select_for_update().select_related("kind").get(pk=system.pk)
    if system.retired_on is not None:
        raise DomainError(_("This system is no longer in use."))
    problems = check.Problems()
    if alarm_device_id is not None and not system.kind.is_alarm_box:
        problems.add("alarm_device_id", _("Only a one-key alarm box is linked to an alarm device."))
    problems.raise_any()
    device_id = _device(problems, system.school, system.kind, alarm_device_id)
    problems.raise_any()
    if device_id == system.alarm_device_id:
        return system
    before = system.alarm_device_id
    system.alarm_device_id = device_id
    system.save(update_fields=["alarm_device_id"])
    audit.record(
        actor=actor,
        org=system.school,
        action="defence.system_device",
        obj=system,
        changes={"alarm_device": [before, device_id]},
    )
    return system


@transaction.atomic
def retire_system(*, actor, system):
    return in_use.retire(
        actor=actor,
        thing=system,
        action="defence.system_retire",
        refusal=_("This system is no longer in use."),
    )


@transaction.atomic
def test_system(*, actor, system, tested_on, ok, cameras_working=None, note="", client_uuid=None):
    """A periodic test, by the school's keepers or its guards on duty (from a phone, replayed
    once); a failed one files a hazard at the system's place. The cameras counted working at a
    video test replace the system's figure."""
    require_any(actor, system.school, Cap.DEFENCE_MANAGE, Cap.DEFENCE_DUTY)
    existing = replayed(SystemTest, client_uuid, system=system)
    if existing is not None:
        return existing
    system = (
        TechSystem.objects.select_for_update()
        .select_related("zone", "kind", "school")
        .get(pk=system.pk)
    )
    if system.retired_on is not None:
        raise DomainError(_("This system is no longer in use."))
    problems = check.Problems()
    if system.kind.is_video:
        working = _count(problems, "cameras_working", cameras_working, required=False)
        if working is not None and working > (system.cameras or 0):
            problems.add("cameras_working", _("More cameras working than installed."))
    else:
        working = None
    note = in_use.check_values(
        problems,
        field="tested_on",
        day=tested_on,
        since=system.installed_on,
        too_early=_("The test cannot be before the system was installed."),
        ok=ok,
        note=note,
    )
    problems.raise_any()
    hazard = None
    if not ok:
        hazard = in_use.file_failure(
            actor=actor,
            thing=system,
            day=tested_on,
            description=_("Technical system test failed: %(system)s. %(note)s")
            % {"system": system, "note": note},
            origin_label=_("Technical system: %(system)s") % {"system": system},
        )
    made = SystemTest.objects.create(
        system=system,
        tested_on=tested_on,
        ok=ok,
        cameras_working=working,
        note=note,
        tested_by=actor,
        hazard=hazard,
        client_uuid=client_uuid,
    )
    fields = []
    if system.last_tested_on is None or tested_on >= system.last_tested_on:
        system.last_tested_on = tested_on
        system.last_test_ok = ok
        system.test_due_on = due_after(tested_on, system.kind)
        fields += ["last_tested_on", "last_test_ok", "test_due_on"]
        if working is not None:
            system.cameras_working = working
            fields.append("cameras_working")
    if fields:
        system.save(update_fields=fields)
    audit.record(
        actor=actor,
        org=system.school,
        action="defence.system_test",
        obj=system,
        changes={
            "tested_on": [None, tested_on],
            "ok": [None, ok],
            **({"cameras_working": [None, working]} if working is not None else {}),
        },
    )
    return made
