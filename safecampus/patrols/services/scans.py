"""Walking a round: starting it and scanning its checkpoints.

`record_scan` is idempotent by the phone's UUID, refuses a label of another school or a
checkpoint not on the route, and turns "something wrong" into exactly one hazard through the
hazard ledger's own service."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import stored_photos
from safecampus.core.services.permissions import require
from safecampus.hazards.models import Category, Source
from safecampus.hazards.services import report_hazard
from safecampus.patrols.models import QR_PREFIX, Checkpoint, Round, RoundStatus, Scan, ScanMethod
from safecampus.patrols.rounds import refresh
from safecampus.patrols.services.checkpoints import normalise_code
from safecampus.patrols.workflow import ROUND

# A phone's clock is believed when it is no more than this far behind the server (a queue
# replayed after a day without signal) and not ahead of it by more than the skew.
PHONE_TIME_MAX_AGE = timedelta(hours=24)
PHONE_CLOCK_SKEW = timedelta(minutes=5)
HAZARD_NAMESPACE = uuid.UUID("6f1c2d55-3c1b-4d7e-9a52-58a0c4f0b7e1")


def _lock(round_):
    return (
        Round.objects.select_for_update(of=("self",))
        .select_related("school", "route", "window")
        .get(pk=round_.pk)
    )


def _opens_at(round_):
    return round_.starts_at - timedelta(minutes=round_.tolerance_minutes)


def _not_open(round_, at):
    """Why `round_` cannot be walked at `at`, or None. A round can be walked from its window's
    start (less the tolerance) until it closes, but only if it was started before its window
    ended (plus the tolerance): else it was missed."""
    if at < _opens_at(round_):
        local = timezone.localtime(_opens_at(round_))
        return _("This round opens at %(time)s.") % {"time": f"{local:%H:%M}"}
    if round_.started_at is None and at > round_.ends_at + timedelta(
        minutes=round_.tolerance_minutes
    ):
        return _("This round was missed: it was not started before its window ended.")
    if at > round_.closes_at:
        return _("This round is closed: its window is over.")
    return None


def _check_open(round_, at):
    refusal = _not_open(round_, at)
    if refusal:
        raise DomainError(refusal)


def start_note(round_, at):
    """What the round page says where Start would be on a round not started yet that cannot be
    started now: when it opens, or that it was missed."""
    if round_.status != RoundStatus.SCHEDULED:
        return None
    return _not_open(round_, at)


def may_start(round_, at):
    """Whether `start_round` at `at` would start `round_`: the round page offers Start only
    then, not on a round started already (by a scan too), completed, closed or missed."""
    if not ROUND.allowed(round_.status, "start"):
        return False
    return ROUND.next_state(round_, "start") != round_.status and _not_open(round_, at) is None


@transaction.atomic
def start_round(*, actor, round):
    round_ = _lock(round)
    require(actor, Cap.PATROL_RUN, round_.school)
    started = ROUND.next_state(round_, "start")
    if started == round_.status:
        return round_  # started already: nothing changes
    _check_open(round_, timezone.now())
    round_.status = started
    round_.guard = actor
    round_.started_at = timezone.now()
    round_.save(update_fields=["status", "guard", "started_at"])
    audit.record(actor=actor, org=round_.school, action="patrol.round_start", obj=round_)
    return round_


def _label_token(text, school):
    """The token a QR label of `school` carries, or a clear refusal (not ours, another school's)."""
    parts = (text or "").strip().split(":")
    if len(parts) != 3 or parts[0] != QR_PREFIX:
        raise DomainError(_("This QR code is not a SafeCampus checkpoint label."))
    if parts[1] != str(school.pk):
        raise DomainError(
            _("This label belongs to a checkpoint of another school; it is not valid here.")
        )
    return parts[2]


def _current_label(checkpoint):
    if checkpoint is None:
        raise DomainError(_("This label is no longer valid: it was replaced by a new one."))
    return checkpoint


def parse_label(text, school):
    """The checkpoint a QR label names, or a clear refusal (another school's label, unknown)."""
    token = _label_token(text, school)
    return _current_label(Checkpoint.objects.filter(school=school, token=token).first())


def label_token(text):
    """The token in a label's text, if it looks like one, unchecked: for loading in advance."""
    parts = (text or "").strip().split(":")
    return parts[2] if len(parts) == 3 else None


def _from_db(school, field, value):
    return Checkpoint.objects.filter(school=school, **{field: value}).first()


def checkpoint_for(school, qr, code, find=_from_db):
    """The checkpoint a scan names by label or typed code, and how. `find(school, field, value)`
    looks a checkpoint up by "token" or "code" (a query, or rows loaded for a whole batch)."""
    if qr:
        return _current_label(find(school, "token", _label_token(qr, school))), ScanMethod.QR
    code = normalise_code(code)
    if not code:
        raise DomainError(_("Scan the label or type the checkpoint's code."))
    checkpoint = find(school, "code", code)
    if checkpoint is None:
        raise DomainError(_("No checkpoint of this school has the code %(code)s.") % {"code": code})
    return checkpoint, ScanMethod.CODE


def effective_time(recorded_at, received_at):
    """The phone's time when it is plausible, else the server's."""
    return clock.effective_time(
        recorded_at, received_at, max_age=PHONE_TIME_MAX_AGE, skew=PHONE_CLOCK_SKEW
    )


def hazard_origin(round_):
    """The label and link a hazard filed from this round shows as its origin."""
    local = timezone.localtime(round_.starts_at)
    label = _("Patrol %(route)s, %(date)s %(window)s") % {
        "route": round_.route.name,
        "date": f"{local:%Y-%m-%d %H:%M}",
        "window": round_.window.get_kind_display(),
    }
    return label, round_.get_absolute_url()


def record_scan(
    *,
    actor,
    round,
    client_uuid,
    qr="",
    code="",
    recorded_at=None,
    note="",
    photo=None,
    problem=False,
    category=Category.OTHER,
):
    """Record one checkpoint passed. A repeated `client_uuid` returns the first scan and does
    nothing else, so a phone replaying its queue creates no second scan and no second hazard.
    `photo` is an upload or an already stored Attachment."""
    client_uuid = uuid.UUID(str(client_uuid))
    try:
        with transaction.atomic():
            return _record_scan(
                actor=actor,
                round_=round,
                client_uuid=client_uuid,
                qr=qr,
                code=code,
                recorded_at=recorded_at,
                note=note,
                photo=photo,
                problem=problem,
                category=category,
            )
    except IntegrityError:
        # The same UUID won a race in another request: that one is the scan.
        existing = replayed(Scan, client_uuid, round=round)
        if existing is None:
            raise
        return existing


@dataclass(frozen=True)
class Admitted:
    """A scan that passed every rule: what it scanned, how, when, and its note."""

    checkpoint: Checkpoint
    method: str
    scanned_at: datetime
    note: str


def admit(*, round_, qr, code, recorded_at, note, problem, received_at, find=_from_db):
    """Check one scan of a locked round against every rule, in the order the refusals are given:
    the round takes scans, the checkpoint is known and on the route, the time is in the round's
    window, a problem says what is wrong."""
    ROUND.check(round_, "scan")
    checkpoint, method = checkpoint_for(round_.school, qr, code, find)
    if checkpoint.pk not in round_.planned:
        raise DomainError(
            _("Checkpoint %(code)s (%(name)s) is not on this route.")
            % {"code": checkpoint.code, "name": checkpoint.name}
        )
    scanned_at = effective_time(recorded_at, received_at)
    _check_open(round_, scanned_at)
    note = (note or "").strip()[:500]
    if problem and not note:
        raise DomainError(_("Say what is wrong, so the hazard can be dealt with."))
    return Admitted(checkpoint, method, scanned_at, note)


def mark_walked(round_, actor, scanned_at):
    """A round's first scan starts it (if nobody pressed start). Returns whether it changed."""
    if round_.started_at is not None:
        return False
    round_.started_at = scanned_at
    round_.guard = actor
    # A queue replayed after the round was marked missed: it was walked in time after all.
    round_.closed_at = None
    return True


def file_problem(*, actor, round_, checkpoint, category, note, photo, client_uuid):
    """The one hazard a scan with "something wrong" files, idempotent by the scan's UUID."""
    label, url = hazard_origin(round_)
    return report_hazard(
        actor=actor,
        school=round_.school,
        zone=checkpoint.zone,
        place=checkpoint.name,
        category=category,
        description=note,
        source=Source.PATROL,
        photos=[photo] if photo is not None else [],
        client_uuid=uuid.uuid5(HAZARD_NAMESPACE, str(client_uuid)),
        origin_label=label,
        origin_url=url,
    )


def _record_scan(
    *, actor, round_, client_uuid, qr, code, recorded_at, note, photo, problem, category
):
    round_ = _lock(round_)
    school = round_.school
    require(actor, Cap.PATROL_RUN, school)
    existing = replayed(Scan, client_uuid, round=round_)
    if existing is not None:
        return existing
    received_at = timezone.now()
    scan = admit(
        round_=round_,
        qr=qr,
        code=code,
        recorded_at=recorded_at,
        note=note,
        problem=problem,
        received_at=received_at,
    )
    if photo is not None:
        [photo] = stored_photos(actor=actor, org=school, uploads=[photo])
    row = Scan.objects.create(
        round=round_,
        checkpoint=scan.checkpoint,
        client_uuid=client_uuid,
        by=actor,
        method=scan.method,
        scanned_at=scan.scanned_at,
        received_at=received_at,
        recorded_at=recorded_at,
        note=scan.note,
        photo=photo,
        problem=problem,
    )
    if mark_walked(round_, actor, scan.scanned_at):
        round_.save(update_fields=["started_at", "guard", "closed_at"])
    if problem:
        row.hazard = file_problem(
            actor=actor,
            round_=round_,
            checkpoint=scan.checkpoint,
            category=category,
            note=scan.note,
            photo=photo,
            client_uuid=client_uuid,
        )
        row.save(update_fields=["hazard"])
    refresh(round_)
    audit.record(
        actor=actor,
        org=school,
        action="patrol.scan",
        obj=round_,
        changes=scan_changes(scan.checkpoint, scan.method, problem),
    )
    return row


def scan_changes(checkpoint, method, problem):
    """What the audit trail says of one scan."""
    return {"checkpoint": checkpoint.code, "method": method, "problem": problem}
