"""Technical systems (技防) over the API: a school's systems in use with what is wrong under its
rule set; adding a system and recording a periodic test (a failed one files a hazard)."""

from datetime import date, datetime
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import school_for
from safecampus.core.models import Zone
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require, require_any
from safecampus.defences.models import SystemType
from safecampus.defences.queries import systems as queries
from safecampus.defences.rules import rules_for
from safecampus.defences.services import systems as services

router = Router()


class SystemOut(Schema):
    id: int
    school_id: int
    place: str
    type: str
    name: str
    cameras: int | None
    cameras_working: int | None
    retention_days: int | None
    police_linked: bool
    alarm_device_id: int | None
    alarm_device: str
    alarm_device_last_used_at: datetime | None
    installed_on: date
    last_tested_on: date | None
    last_test_ok: bool | None
    test_due_on: date
    states: list[str]


def _out(system, states):
    device = getattr(system, "device", None)
    return {
        "alarm_device_id": device.id if device else None,
        "alarm_device": str(device) if device else "",
        "alarm_device_last_used_at": device.last_used_at if device else None,
        "id": system.pk,
        "school_id": system.school_id,
        "place": system.zone.path_name,
        "type": system.kind.code,
        "name": system.name,
        "cameras": system.cameras,
        "cameras_working": system.cameras_working,
        "retention_days": system.retention_days,
        "police_linked": system.police_linked,
        "installed_on": system.installed_on,
        "last_tested_on": system.last_tested_on,
        "last_test_ok": system.last_test_ok,
        "test_due_on": system.test_due_on,
        "states": [s.code for s in states],
    }


class SystemIn(Schema):
    zone_id: int = Field(ge=1, le=2**62)
    type: str = Field(max_length=40)
    name: str = Field("", max_length=80)
    cameras: int | None = Field(None, ge=0, le=10000)
    cameras_working: int | None = Field(None, ge=0, le=10000)
    retention_days: int | None = Field(None, ge=0, le=3650)
    police_linked: bool = False
    alarm_device_id: int | None = Field(None, ge=1, le=2**62)
    installed_on: date
    note: str = Field("", max_length=200)


class TestIn(Schema):
    tested_on: date
    ok: bool
    cameras_working: int | None = Field(None, ge=0, le=10000)
    note: str = Field("", max_length=200)
    client_uuid: UUID | None = None


class DeviceIn(Schema):
    alarm_device_id: int | None = Field(None, ge=1, le=2**62)


class TestOut(Schema):
    id: int
    ok: bool
    hazard_id: int | None


@router.get("/orgs/{school_id}/defences/systems", response=list[SystemOut])
@paginate(Pagination)
def system_list(request, school_id: int):
    school = school_for(request, school_id, Cap.DEFENCE_VIEW)
    # The page of systems is cut by the paginator after this list is built: the devices of every
    # system in use are looked up in one query.
    systems = queries.with_devices(queries.systems_of(request.user, school))
    return [_out(s, states) for s, states in queries.judged(systems, rules_for(school))]


@router.post("/orgs/{school_id}/defences/systems", response={201: SystemOut})
def system_add(request, school_id: int, payload: SystemIn):
    school = school_for(request, school_id, Cap.DEFENCE_MANAGE)
    zone = get_object_or_404(Zone, pk=payload.zone_id, school=school)
    kind = get_object_or_404(SystemType, code=payload.type)
    data = payload.dict(exclude={"zone_id", "type"})
    system = services.add_system(actor=request.user, school=school, zone=zone, kind=kind, **data)
    ((system, states),) = queries.judged(queries.with_devices([system]), rules_for(school))
    return Status(201, _out(system, states))


@router.post("/defences/systems/{system_id}/device", response=SystemOut)
def system_device(request, system_id: int, payload: DeviceIn):
    """Link a one-key alarm box to an alarm device of its school (or unlink it: null)."""
    system = queries.one(request.user, system_id)
    require(request.user, Cap.DEFENCE_MANAGE, system.school)
    services.link_device(actor=request.user, system=system, **payload.dict())
    system = queries.one(request.user, system_id)
    ((system, states),) = queries.judged(queries.with_devices([system]), rules_for(system.school))
    return _out(system, states)


@router.post("/defences/systems/{system_id}/tests", response={201: TestOut})
def system_test(request, system_id: int, payload: TestIn):
    system = queries.one(request.user, system_id)
    require_any(request.user, system.school, Cap.DEFENCE_MANAGE, Cap.DEFENCE_DUTY)
    made = services.test_system(actor=request.user, system=system, **payload.dict())
    return Status(201, {"id": made.pk, "ok": made.ok, "hazard_id": made.hazard_id})
