"""Alarms over the API: raised by people or by hardware boxes, answered, closed, with a plan
put to work."""

from datetime import datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import APIKeyHeader

from safecampus.core.access import first_or_404, get_school_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.emergencies import queries
from safecampus.emergencies.models import AlarmKind, AlarmStatus
from safecampus.emergencies.services import alarms as alarm_services
from safecampus.emergencies.services.devices import device_for_key

router = Router()


def zone_of(school, zone_id):
    """The school's zone a payload names, None when it names none. An id that is not one of
    the school's zones (another school's, or none at all) is the caller's mistake: a 400 that
    says so, the same for both, so it tells nothing of other schools."""
    if zone_id is None:
        return None
    zone = queries.school_zones(school, [zone_id]).first()
    if zone is None:
        raise DomainError(_("Choose a zone of this school."))
    return zone


class StageOut(Schema):
    stage: str
    deadline: datetime
    reached_at: datetime | None
    state: str | None


class ResponseOut(Schema):
    user_id: int
    name: str
    reinforcement: bool
    state: str
    acknowledged_at: datetime | None
    on_the_way_at: datetime | None
    arrived_at: datetime | None

    @staticmethod
    def resolve_name(obj):
        return str(obj.user)


class AlarmOut(Schema):
    id: int
    school_id: int
    kind: AlarmKind
    zone_id: int | None
    place: str
    raised_by_id: int | None
    device_id: int | None
    raised_at: datetime
    status: AlarmStatus
    self_rescue_at: datetime | None
    self_rescue_note: str
    mutual_rescue_at: datetime | None
    reinforcement_at: datetime | None
    reinforcement_note: str
    closed_at: datetime | None
    close_note: str


class AlarmDetailOut(AlarmOut):
    stages: list[StageOut]
    responses: list[ResponseOut]

    @staticmethod
    def resolve_stages(obj):
        return [
            {"stage": str(s), "deadline": d, "reached_at": at, "state": state and str(state)}
            for s, d, at, state in obj.stages()
        ]

    @staticmethod
    def resolve_responses(obj):
        return list(queries.responses(obj))


class AlarmIn(Schema):
    kind: AlarmKind
    zone_id: int | None = Field(
        None,
        description="A zone of the school. Left out, a person's alarm is placed at the zone "
        "of their post; null places it nowhere.",
    )
    place: OneLine = ""
    client_uuid: UUID | None = None


class DeviceAlarmIn(AlarmIn):
    school_id: int


class AlarmNoteIn(Schema):
    note: str


class RespondIn(Schema):
    arrived: bool = False


class CloseIn(Schema):
    note: str = ""
    false_alarm: bool = False


def _alarm(request, alarm_id):
    return first_or_404(queries.alarms(user=request.user).filter(pk=alarm_id))


@router.get("/alarms", response=list[AlarmOut])
@paginate(Pagination, page_size=50)
def alarm_list(request, school_id: int | None = None, status: AlarmStatus | None = None):
    school = get_school_or_404(request.user, school_id) if school_id else None
    qs = queries.alarms(user=request.user, school=school)
    return qs.filter(status=status) if status else qs


@router.get("/alarms/{alarm_id}", response=AlarmDetailOut)
def alarm_detail(request, alarm_id: int):
    return _alarm(request, alarm_id)


@router.post("/schools/{school_id}/alarms", response={201: AlarmDetailOut})
def alarm_raise(request, school_id: int, payload: AlarmIn):
    school = school_for(request, school_id, Cap.ALARM_RAISE)
    if "zone_id" in payload.model_fields_set:
        zone = zone_of(school, payload.zone_id)
    else:
        zone = queries.post_zone(user=request.user, school=school)
    alarm = alarm_services.raise_alarm(
        actor=request.user,
        school=school,
        kind=payload.kind,
        zone=zone,
        place=payload.place,
        client_uuid=payload.client_uuid,
    )
    return Status(201, _alarm(request, alarm.pk))


class DeviceKey(APIKeyHeader):
    """A hardware alarm box sends its own key in X-Device-Key."""

    param_name = "X-Device-Key"

    def authenticate(self, request, key):
        return device_for_key(key or "")


@router.post("/device/alarms", response={201: AlarmOut}, auth=DeviceKey())
def device_alarm(request, payload: DeviceAlarmIn):
    """Raise an alarm from a hardware box. A revoked key, or a school other than the box's
    own, is refused (403) and raises nothing."""
    device = request.auth
    if device.revoked_at is not None or payload.school_id != device.school_id:
        raise PermissionRefused(_("This device may not raise alarms for this school."))
    school = device.school
    zone = queries.school_zones(school, [payload.zone_id]).first() if payload.zone_id else None
    if payload.zone_id and zone is None:
        raise PermissionRefused(_("This device may not raise alarms for this school."))
    alarm = alarm_services.raise_alarm(
        device=device,
        school=school,
        kind=payload.kind,
        zone=zone,
        place=payload.place,
        client_uuid=payload.client_uuid,
    )
    return Status(201, alarm)


def _acted(request, alarm_id, action, **fields):
    """Run an answer to the alarm and return the alarm as it now stands (read again)."""
    action(alarm=_alarm(request, alarm_id), actor=request.user, **fields)
    return _alarm(request, alarm_id)


@router.post("/alarms/{alarm_id}/acknowledge", response=AlarmDetailOut)
def alarm_acknowledge(request, alarm_id: int):
    return _acted(request, alarm_id, alarm_services.acknowledge)


@router.post("/alarms/{alarm_id}/respond", response=AlarmDetailOut)
def alarm_respond(request, alarm_id: int, payload: RespondIn):
    return _acted(request, alarm_id, alarm_services.respond, arrived=payload.arrived)


@router.post("/alarms/{alarm_id}/self-rescue", response=AlarmDetailOut)
def alarm_self_rescue(request, alarm_id: int, payload: AlarmNoteIn):
    return _acted(request, alarm_id, alarm_services.record_self_rescue, note=payload.note)


@router.post("/alarms/{alarm_id}/reinforcement", response=AlarmDetailOut)
def alarm_reinforcement(request, alarm_id: int, payload: AlarmNoteIn):
    return _acted(request, alarm_id, alarm_services.record_reinforcement, note=payload.note)


@router.post("/alarms/{alarm_id}/close", response=AlarmDetailOut)
def alarm_close(request, alarm_id: int, payload: CloseIn):
    return _acted(
        request, alarm_id, alarm_services.close, note=payload.note, false_alarm=payload.false_alarm
    )


class ActivateIn(Schema):
    plan_id: int


@router.post("/alarms/{alarm_id}/plan", response=AlarmDetailOut)
def alarm_plan(request, alarm_id: int, payload: ActivateIn):
    alarm = _alarm(request, alarm_id)
    plans = queries.plans_to_activate(user=request.user, school=alarm.school)
    plan = first_or_404(plans.filter(pk=payload.plan_id))
    alarm_services.activate_plan(alarm=alarm, actor=request.user, plan=plan)
    return _alarm(request, alarm_id)


@router.post("/alarms/{alarm_id}/steps/{step_id}", response=AlarmDetailOut)
def alarm_step(request, alarm_id: int, step_id: int):
    alarm = _alarm(request, alarm_id)
    activation = first_or_404(queries.activation(alarm))
    alarm_services.check_step(activation=activation, step_id=step_id, actor=request.user)
    return _alarm(request, alarm_id)
