"""The one-key alarm and its 1-3-5 timeline: raise, answer, record each stage, close."""

from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.models import Channel, Notification
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify, post_to_robots
from safecampus.core.services.permissions import require, require_any
from safecampus.emergencies import broadcast, realtime
from safecampus.emergencies.models import (
    Alarm,
    AlarmKind,
    AlarmResponse,
    PlanActivation,
    PlanStep,
    StepCheck,
)
from safecampus.emergencies.services.responders import is_reinforcement, responders
from safecampus.emergencies.workflow import ALARM, ALARM_PLAN, PLAN
from safecampus.students import roster

MAX_NOTE = 2000


def _locked(alarm):
    return (
        Alarm.objects.select_for_update(of=("self",))
        .select_related("school", "zone")
        .get(pk=alarm.pk)
    )


@transaction.atomic
def raise_alarm(*, school, kind, actor=None, device=None, zone=None, place="", client_uuid=None):
    """A new alarm, pushed at once to every open page of the school's responders, the bureau
    and the police, and sent to the inbox, e-mail and the robots. A person raises it with
    alarm.raise; a device only for its own school. A repeated `client_uuid` returns the first.

    Only the alarm, its audit event and the push to open pages happen before the answer. The
    messages to people are the task `announce`, queued in the same transaction: it commits
    with the alarm or not at all, and `announce_missed` queues it again if it failed."""
    if device is not None:
        if device.revoked_at is not None or device.school_id != school.pk:
            raise PermissionRefused(_("This device may not raise alarms for this school."))
    elif actor is None or not has_cap(actor, Cap.ALARM_RAISE, school):
        raise PermissionRefused(_("You do not have permission to do this here."))
    existing = replayed(Alarm, client_uuid, school=school)
    if existing is not None:
        return existing
    if kind not in AlarmKind.values:
        raise DomainError(_("Choose the kind of emergency."))
    if zone is not None and zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))
    if zone is None and device is not None:
        zone = device.zone
    alarm = Alarm.objects.create(
        school=school,
        kind=kind,
        zone=zone,
        place=place.strip()[:120],
        raised_by=actor,
        device=device,
        client_uuid=client_uuid,
    )
    alarm.school = school
    audit.record(
        actor=actor,
        org=school,
        action="alarm.raise",
        obj=alarm,
        changes={"kind": kind, "zone": str(zone or ""), "device": str(device or "")},
    )
    realtime.send(alarm, "raised")
    broadcast.send(alarm, "raised")
    announce.enqueue(alarm.pk)
    # Every class's teacher takes the roll at once (domain.md §15). The roll opens right after
    # the commit and the push, in its own transaction: its ten statements no longer hold back
    # the pages' banner (issue 11), and a roll that fails to open cannot undo the alarm;
    # `announce` opens it as well if it is still missing.
    transaction.on_commit(lambda: open_alarm_roll(alarm, actor), robust=True)
    return alarm


def open_alarm_roll(alarm, actor):
    """The alarm's roll, opened once whoever asks first (the raise, then `announce`)."""
    return roster.open_roll(
        school=alarm.school,
        key=roll_key(alarm),
        label=_("Alarm: %(kind)s") % {"kind": alarm.get_kind_display()},
        origin_url=alarm.get_absolute_url(),
        actor=actor,
        now=alarm.raised_at,
    )


def roll_key(alarm):
    return f"alarm:{alarm.pk}"


# How long after its raise an alarm's messages are still worth sending, and how long the task
# queued with it gets before the sweep queues it again.
ANNOUNCE_WITHIN = timedelta(hours=1)
ANNOUNCE_GRACE = timedelta(minutes=1)


def _announced(alarm):
    """Whether the alarm's messages went out: an inbox row or a robot post about it exists. An
    alarm that nobody and no robot hears leaves neither, and announcing it again writes
    nothing either."""
    url = alarm.get_absolute_url()
    told = Notification.objects.filter(
        kind="alarm.raised", url=url, created_at__gte=alarm.raised_at
    )
    return told.exists() or alarm.deliveries.filter(channel=Channel.ROBOT).exists()


@task
def announce(alarm_id):
    """Tell the alarm's responders, the bureau and the police (inbox, e-mail) and post it to
    the robots, once: the alarm's row lock makes a second run wait and then find it done."""
    with transaction.atomic():
        alarm = (
            Alarm.objects.select_for_update(of=("self",))
            .select_related("school", "zone")
            .filter(pk=alarm_id)
            .first()
        )
        if alarm is None:
            return False
        open_alarm_roll(alarm, alarm.raised_by)
        if _announced(alarm):
            return False
        school = alarm.school
        where = alarm.where
        notify(
            responders(school),
            kind="alarm.raised",
            title=gettext_lazy("ALARM at %(school)s: %(kind)s %(place)s"),
            params={"school": school.name, "kind": alarm.get_kind_display(), "place": where},
            url=alarm.get_absolute_url(),
            org=school,
        )
        post_to_robots(
            school,
            about=alarm,
            title=_("Alarm at %(school)s") % {"school": school.name},
            text=_("%(kind)s · %(place)s · raised %(time)s")
            % {
                "kind": alarm.get_kind_display(),
                "place": where or "—",
                "time": f"{timezone.localtime(alarm.raised_at):%H:%M:%S}",
            },
            url=alarm.get_absolute_url(),
        )
        return True


def announce_missed(now=None):
    """Queue `announce` again for the alarms of the last hour whose messages did not go out
    (the task failed, or its worker died): a notification is late, never lost."""
    now = now or timezone.now()
    recent = Alarm.objects.filter(
        raised_at__gte=now - ANNOUNCE_WITHIN, raised_at__lte=now - ANNOUNCE_GRACE
    ).select_related("school")
    missed = [alarm.pk for alarm in recent if not _announced(alarm)]
    for pk in missed:
        announce.enqueue(pk)
    return missed


def _response(alarm, actor):
    response, _created = AlarmResponse.objects.get_or_create(
        alarm=alarm,
        user=actor,
        defaults={"reinforcement": is_reinforcement(actor, alarm.school)},
    )
    return response


@transaction.atomic
def acknowledge(*, alarm, actor):
    """The responder has seen the alarm: their banner goes away, the alarm page shows them."""
    require(actor, Cap.ALARM_RESPOND, alarm.school)
    alarm = _locked(alarm)
    ALARM.check(alarm, "acknowledge")
    response = _response(alarm, actor)
    if response.acknowledged_at is None:
        response.acknowledged_at = timezone.now()
        response.save(update_fields=["acknowledged_at"])
        audit.record(actor=actor, org=alarm.school, action="alarm.acknowledge", obj=alarm)
        realtime.send(alarm, "updated")
    return response


@transaction.atomic
def respond(*, alarm, actor, arrived):
    """ "On my way" (arrived=False) or "arrived". The first arrival of school staff is the
    mutual-rescue stage; the first of police or bureau people is reinforcement."""
    require(actor, Cap.ALARM_RESPOND, alarm.school)
    alarm = _locked(alarm)
    ALARM.check(alarm, "respond")
    response = _response(alarm, actor)
    now = timezone.now()
    fields = []
    if response.acknowledged_at is None:
        response.acknowledged_at = now
        fields.append("acknowledged_at")
    if response.on_the_way_at is None:
        response.on_the_way_at = now
        fields.append("on_the_way_at")
    if arrived and response.arrived_at is None:
        response.arrived_at = now
        fields.append("arrived_at")
        if response.reinforcement and alarm.reinforcement_at is None:
            alarm.reinforcement_at = now
            alarm.reinforcement_note = str(actor)[:200]
            alarm.save(update_fields=["reinforcement_at", "reinforcement_note"])
        elif not response.reinforcement and alarm.mutual_rescue_at is None:
            alarm.mutual_rescue_at = now
            alarm.save(update_fields=["mutual_rescue_at"])
    if fields:
        response.save(update_fields=fields)
        audit.record(
            actor=actor,
            org=alarm.school,
            action="alarm.arrived" if arrived else "alarm.on_the_way",
            obj=alarm,
        )
        realtime.send(alarm, "updated")
    return response


@transaction.atomic
def record_self_rescue(*, alarm, actor, note):
    """The person on site records what was done in the first minute."""
    require_any(actor, alarm.school, Cap.ALARM_RAISE, Cap.ALARM_RESPOND)
    alarm = _locked(alarm)
    ALARM.check(alarm, "self_rescue")
    note = note.strip()
    if not note:
        raise DomainError(_("Say what was done on site."))
    if alarm.self_rescue_at is not None:
        raise DomainError(_("Self-rescue was already recorded."))
    alarm.self_rescue_at = timezone.now()
    alarm.self_rescue_by = actor
    alarm.self_rescue_note = note[:MAX_NOTE]
    alarm.save(update_fields=["self_rescue_at", "self_rescue_by", "self_rescue_note"])
    audit.record(
        actor=actor, org=alarm.school, action="alarm.self_rescue", obj=alarm, changes={"note": note}
    )
    realtime.send(alarm, "updated")
    return alarm


@transaction.atomic
def record_reinforcement(*, alarm, actor, note):
    """Someone at the school records that police or bureau people have arrived."""
    require(actor, Cap.ALARM_RESPOND, alarm.school)
    alarm = _locked(alarm)
    ALARM.check(alarm, "reinforcement")
    note = note.strip()
    if not note:
        raise DomainError(_("Say who arrived."))
    if alarm.reinforcement_at is not None:
        raise DomainError(_("The reinforcement's arrival was already recorded."))
    alarm.reinforcement_at = timezone.now()
    alarm.reinforcement_note = note[:200]
    alarm.save(update_fields=["reinforcement_at", "reinforcement_note"])
    audit.record(
        actor=actor,
        org=alarm.school,
        action="alarm.reinforcement",
        obj=alarm,
        changes={"note": note},
    )
    realtime.send(alarm, "updated")
    return alarm


@transaction.atomic
def close(*, alarm, actor, note="", false_alarm=False):
    """End the alarm. A false alarm is cancelled, never deleted: it stays in the list and the
    counts. The raiser may cancel their own alarm (a pocket press); otherwise alarm.manage."""
    alarm = _locked(alarm)
    own = actor.is_authenticated and alarm.raised_by_id == actor.pk and false_alarm
    if not own:
        require(actor, Cap.ALARM_MANAGE, alarm.school)
    status = ALARM.next_state(alarm, "cancel" if false_alarm else "resolve")
    note = note.strip()
    if false_alarm and not note:
        raise DomainError(_("Say why this was a false alarm."))
    alarm.status = status
    alarm.closed_at = timezone.now()
    alarm.closed_by = actor
    alarm.close_note = note[:MAX_NOTE]
    alarm.save(update_fields=["status", "closed_at", "closed_by", "close_note"])
    audit.record(
        actor=actor,
        org=alarm.school,
        action="alarm.cancel" if false_alarm else "alarm.close",
        obj=alarm,
        changes={"note": note},
    )
    realtime.send(alarm, "closed")
    broadcast.send(alarm, "closed")
    roster.close_for(key=roll_key(alarm), actor=actor)
    return alarm


@transaction.atomic
def activate_plan(*, alarm, actor, plan):
    """Put a plan to work for this alarm: each role's steps become a checklist."""
    require(actor, Cap.ALARM_RESPOND, alarm.school)
    alarm = _locked(alarm)
    ALARM.check(alarm, "activate_plan")
    if plan.school_id != alarm.school_id:
        raise DomainError(_("This plan belongs to another school."))
    ALARM_PLAN.check(alarm, "activate_plan")
    PLAN.check(plan, "activate")
    activation = PlanActivation.objects.create(alarm=alarm, plan=plan, activated_by=actor)
    audit.record(
        actor=actor,
        org=alarm.school,
        action="alarm.plan",
        obj=alarm,
        changes={"plan": plan.title},
    )
    realtime.send(alarm, "updated")
    return activation


@transaction.atomic
def check_step(*, activation, step_id, actor):
    """Tick one step of the active plan: who did it and when."""
    alarm = activation.alarm
    require_any(actor, alarm.school, Cap.ALARM_RAISE, Cap.ALARM_RESPOND)
    ALARM.check(alarm, "check_step")
    step = PlanStep.objects.filter(pk=step_id, role__plan_id=activation.plan_id).first()
    if step is None:
        raise DomainError(_("This step is not in the active plan."))
    check, created = StepCheck.objects.get_or_create(
        activation=activation,
        step=step,
        defaults={"done_at": timezone.now(), "done_by": actor},
    )
    if created:
        audit.record(
            actor=actor,
            org=alarm.school,
            action="alarm.step",
            obj=alarm,
            changes={"step": step.text},
        )
    return check
