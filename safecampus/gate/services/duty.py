"""The gate duty log (护学岗): who stood at the gate at arrival and dismissal."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.gate.models import DutyLog, DutySession

FIELDS = ["guards", "teachers", "police", "barriers", "note"]


@transaction.atomic
def record_duty(
    *,
    actor,
    school,
    day,
    session,
    guards,
    teachers,
    police,
    barriers,
    note="",
    client_uuid=None,
):
    """One row per school, day and session; recording again corrects it (audited)."""
    require(actor, Cap.GATE_DESK, school)
    if session not in DutySession.values:
        raise DomainError(_("Choose arrival or dismissal."))
    if day > timezone.localdate():
        raise DomainError(_("The day cannot be in the future."))
    if min(guards, teachers, police) < 0 or max(guards, teachers, police) > 200:
        raise DomainError(_("Enter the number of people, from 0 to 200."))
    # The same client id for another day or session is a stale queue, not this record.
    existing = replayed(DutyLog, client_uuid, school=school, day=day, session=session)
    if existing is not None:
        return existing
    log = (
        DutyLog.objects.select_for_update().filter(school=school, day=day, session=session).first()
    )
    before = audit.snapshot(log, FIELDS) if log else {}
    if log is None:
        log = DutyLog(
            school=school, day=day, session=session, client_uuid=client_uuid, recorded_by=actor
        )
    log.guards, log.teachers, log.police = guards, teachers, police
    log.barriers, log.note = barriers, note.strip()[:200]
    log.recorded_by = actor
    changes = audit.diff(log, before, FIELDS)
    log.save()
    audit.record(actor=actor, org=school, action="duty.record", obj=log, changes=changes)
    return log
