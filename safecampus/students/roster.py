"""The live roster during an alarm or an evacuation drill: open the roll, mark each student,
close it.

Each class's teacher marks their students on the phone (present, missing, injured, absent
today); every mark is pushed to the open roster pages of the school and of every org above it
(the principal, the bureau, the police liaison). A mark carries its client UUID and the phone's
time: a phone that lost signal sends its queue later, the latest phone time wins, and a replay
writes nothing.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.clock import effective_time
from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import push
from safecampus.core.services.permissions import require
from safecampus.students.hooks import absences
from safecampus.students.models import MarkStatus, Roll, RollMark, RollStatus, Student
from safecampus.students.workflow import ROLL

# A mark sent late by a phone keeps its own time when plausible: a roll lasts hours, not days.
MARK_MAX_AGE = timedelta(days=1)
MARK_SKEW = timedelta(minutes=5)


def roll_group(org_id):
    return f"rolls.org.{org_id}"


def _changed(roll):
    """After commit, every open roster page of the school and above reads its counts again."""
    push(
        [roll_group(pk) for pk in roll.school.ancestor_ids()],
        {"type": "roll.changed", "roll": roll.pk, "school": roll.school_id},
    )


@transaction.atomic
def open_roll(*, school, key, label, origin_url="", is_drill=False, actor=None, now=None):
    """The roll of the event named by `key` (`alarm:12`), opened once: called by the module the
    event belongs to, after its own permission check (a device may raise an alarm). Students the
    modules know to be away today start marked absent, with the reason."""
    existing = Roll.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    roll = Roll(
        school=school,
        key=key,
        label=str(label)[:120],
        origin_url=origin_url[:200],
        is_drill=is_drill,
        opened_at=now,
        opened_by=actor,
    )
    try:
        with transaction.atomic():
            roll.save()
    except IntegrityError:
        return Roll.objects.get(key=key)
    away = absences(school, timezone.localdate(now))
    enrolled = set(
        Student.objects.filter(school=school, is_active=True, pk__in=away).values_list(
            "pk", flat=True
        )
    )
    RollMark.objects.bulk_create(
        [
            RollMark(
                roll=roll,
                student_id=pk,
                status=MarkStatus.ABSENT,
                note=away[pk],
                marked_at=now,
            )
            for pk in sorted(enrolled)
        ]
    )
    audit.record(
        actor=actor,
        org=school,
        action="roll.open",
        obj=roll,
        changes={"event": roll.label, "absent": len(enrolled)},
    )
    _changed(roll)
    return roll


def _locked(roll):
    return Roll.objects.select_for_update().select_related("school").get(pk=roll.pk)


@transaction.atomic
def mark(*, actor, roll, student, status, note="", client_uuid=None, recorded_at=None):
    """Mark where a student is. Returns (the student's mark, whether it changed anything): a
    replayed client UUID, or a mark older by the phone's clock than the one held, changes
    nothing."""
    require(actor, Cap.ROLL_MARK, roll.school)
    if status not in MarkStatus.values:
        raise DomainError(_("Choose present, missing, injured or absent today."))
    if student.school_id != roll.school_id or not student.is_active:
        raise DomainError(_("This student is not on the school's roll."))
    if client_uuid is not None:
        seen = RollMark.objects.filter(client_uuid=client_uuid).first()
        if seen is not None:
            if seen.roll_id != roll.pk or seen.student_id != student.pk:
                raise DomainError(_("This submission id was already used."))
            return seen, False
    roll = _locked(roll)
    ROLL.check(roll, "mark")
    at = effective_time(recorded_at, timezone.now(), max_age=MARK_MAX_AGE, skew=MARK_SKEW)
    held = RollMark.objects.filter(roll=roll, student=student).first()
    if held is not None and held.marked_at > at:
        return held, False
    note = (note or "").strip()[:200]
    row = held or RollMark(roll=roll, student=student)
    row.status, row.note, row.marked_by, row.marked_at = status, note, actor, at
    row.client_uuid = client_uuid
    row.save()
    audit.record(
        actor=actor,
        org=roll.school,
        action=f"roll.{status}",
        obj=roll,
        changes={"student": str(student), **({"note": note} if note else {})},
    )
    _changed(roll)
    return row, True


@transaction.atomic
def close_roll(*, actor, roll, now=None):
    """Close the roll: the event is over (reunification goes on from the closed roll)."""
    require(actor, Cap.ROLL_MANAGE, roll.school)
    roll = _locked(roll)
    roll.status = ROLL.next_state(roll, "close")
    roll.closed_at = now or timezone.now()
    roll.closed_by = actor
    roll.save(update_fields=["status", "closed_at", "closed_by"])
    audit.record(actor=actor, org=roll.school, action="roll.close", obj=roll)
    _changed(roll)
    return roll


@transaction.atomic
def close_for(*, key, actor, now=None):
    """Close the roll of an event that ended (the alarm resolved), if it is still open: called
    by the event's module, after its own permission check."""
    roll = Roll.objects.filter(key=key, status=RollStatus.OPEN).first()
    if roll is None:
        return None
    roll = _locked(roll)
    if roll.status != RollStatus.OPEN:
        return roll
    roll.status = ROLL.next_state(roll, "close")
    roll.closed_at = now or timezone.now()
    roll.closed_by = actor
    roll.save(update_fields=["status", "closed_at", "closed_by"])
    audit.record(actor=actor, org=roll.school, action="roll.close", obj=roll)
    _changed(roll)
    return roll
