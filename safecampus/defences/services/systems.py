"""Technical systems (技防): the school records a system at a place, tests it periodically from a
phone (a failed test files a hazard at the place, as a failed equipment inspection does), and
takes it out of use."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.models import Zone
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.defences.models import SystemTest, SystemType, TechSystem
from safecampus.defences.models.systems import due_after
from safecampus.defences.services import in_use
from safecampus.defences.services import validation as check
from safecampus.hazards.models import Category, Source
from safecampus.hazards.services import report_hazard

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
            "retention_days": [None, data["retention_days"]],
            "police_linked": [None, data["police_linked"]],
        },
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
    """A periodic test; a failed one files a hazard at the system's place. The cameras counted
    working at a video test replace the system's figure."""
    require(actor, Cap.DEFENCE_MANAGE, system.school)
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
    if tested_on is None:
        problems.add("tested_on", _("This field is required."))
    check.not_future(problems, "tested_on", tested_on)
    if tested_on and tested_on < system.installed_on:
        problems.add("tested_on", _("The test cannot be before the system was installed."))
    if system.kind.is_video:
        working = _count(problems, "cameras_working", cameras_working, required=False)
        if working is not None and working > (system.cameras or 0):
            problems.add("cameras_working", _("More cameras working than installed."))
    else:
        working = None
    note = check.text(problems, "note", note, 200, required=not ok)
    problems.raise_any()
    hazard = None
    if not ok:
        hazard = report_hazard(
            actor=actor,
            school=system.school,
            zone=system.zone,
            place=system.zone.path_name,
            category=Category.PUBLIC_SECURITY,
            description=_("Technical system test failed: %(system)s. %(note)s")
            % {"system": system, "note": note},
            source=Source.SELF_INSPECTION,
            found_on=tested_on,
            origin_label=_("Technical system: %(system)s") % {"system": system},
            origin_url=system.get_absolute_url(),
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
