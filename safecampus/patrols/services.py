"""Every change in patrols: one function per action, in a transaction, audited.

Scans are the phone's work: `record_scan` is idempotent by the phone's UUID, refuses a label of
another school or a checkpoint not on the route, and turns "something wrong" into exactly one
hazard through the hazard ledger's own service.
"""

import re
import uuid
from datetime import time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.models import User, Zone, ZoneKind
from safecampus.core.queries import zone_index, zone_paths
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import stored_photos
from safecampus.core.services.common import require
from safecampus.hazards.models import Category, Source
from safecampus.hazards.services import report_hazard
from safecampus.patrols.models import (
    QR_PREFIX,
    Checkpoint,
    PatrolRules,
    Round,
    RoundStatus,
    Route,
    RouteStop,
    RouteWindow,
    Scan,
    ScanMethod,
    WindowKind,
    new_token,
)
from safecampus.patrols.rounds import ensure_rounds, refresh
from safecampus.patrols.rules import rules_for
from safecampus.patrols.workflow import ROUND

CODE_RE = re.compile(r"^[A-Z0-9-]{1,8}$")
# A phone's clock is believed when it is no more than this far behind the server (a queue
# replayed after a day without signal) and not ahead of it by more than the skew.
PHONE_TIME_MAX_AGE = timedelta(hours=24)
PHONE_CLOCK_SKEW = timedelta(minutes=5)
HAZARD_NAMESPACE = uuid.UUID("6f1c2d55-3c1b-4d7e-9a52-58a0c4f0b7e1")


def normalise_code(code):
    return (code or "").strip().upper()


def _check_code(school, code, exclude=None):
    if not CODE_RE.match(code):
        raise DomainError(_("A short code is 1 to 8 letters, digits or dashes, e.g. G1."))
    clash = Checkpoint.objects.filter(school=school, code=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(
            _("Another checkpoint of this school has the code %(code)s.") % {"code": code}
        )


def _check_zone(school, zone):
    if zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))


# Rules --------------------------------------------------------------------------------------


@transaction.atomic
def set_rules(*, actor, org, min_rounds_per_day, tolerance_minutes, late_limit_minutes, source):
    """The org's own patrol rules; the schools under it follow them from now on."""
    require(actor, Cap.PATROL_RULES, org)
    values = {
        "name": org.name[:80],
        "source": source.strip()[:200],
        "min_rounds_per_day": min_rounds_per_day,
        "tolerance_minutes": tolerance_minutes,
        "late_limit_minutes": late_limit_minutes,
    }
    rules, _created = PatrolRules.objects.update_or_create(org=org, defaults=values)
    audit.record(actor=actor, org=org, action="patrol.rules", obj=rules, changes=values)
    return rules


# Checkpoints --------------------------------------------------------------------------------


@transaction.atomic
def create_checkpoint(*, actor, school, zone, name, code):
    require(actor, Cap.PATROL_MANAGE, school)
    code = normalise_code(code)
    _check_zone(school, zone)
    _check_code(school, code)
    if not name.strip():
        raise DomainError(_("Give the checkpoint a name."))
    checkpoint = Checkpoint.objects.create(school=school, zone=zone, name=name.strip(), code=code)
    audit.record(
        actor=actor,
        org=school,
        action="patrol.checkpoint_add",
        obj=checkpoint,
        changes={"code": code, "zone": zone.name},
    )
    return checkpoint


@transaction.atomic
def update_checkpoint(*, actor, checkpoint, zone, name, code, active):
    school = checkpoint.school
    require(actor, Cap.PATROL_MANAGE, school)
    code = normalise_code(code)
    _check_zone(school, zone)
    _check_code(school, code, exclude=checkpoint)
    if not name.strip():
        raise DomainError(_("Give the checkpoint a name."))
    checkpoint.zone, checkpoint.name, checkpoint.code = zone, name.strip(), code
    checkpoint.active = active
    checkpoint.save(update_fields=["zone", "name", "code", "active"])
    audit.record(
        actor=actor,
        org=school,
        action="patrol.checkpoint_edit",
        obj=checkpoint,
        changes={"code": code, "zone": zone.name, "active": active},
    )
    return checkpoint


@transaction.atomic
def renew_label(*, actor, checkpoint):
    """A new QR token: the old printed label (lost, copied) is refused from now on."""
    require(actor, Cap.PATROL_MANAGE, checkpoint.school)
    checkpoint.token = new_token()
    checkpoint.save(update_fields=["token"])
    audit.record(actor=actor, org=checkpoint.school, action="patrol.label_renew", obj=checkpoint)
    return checkpoint


# Routes -------------------------------------------------------------------------------------


def _set_stops(route, checkpoints):
    if len({c.pk for c in checkpoints}) != len(checkpoints):
        raise DomainError(_("A checkpoint appears twice in the route."))
    if not checkpoints:
        raise DomainError(_("A route needs at least one checkpoint."))
    for c in checkpoints:
        if c.school_id != route.school_id:
            raise DomainError(_("The checkpoint belongs to another school."))
    route.stops.all().delete()
    RouteStop.objects.bulk_create(
        [RouteStop(route=route, checkpoint=c, position=i) for i, c in enumerate(checkpoints)]
    )


def _check_guard(school, guard):
    if (
        guard is not None
        and not guard.memberships.filter(org=school, ended_at__isnull=True).exists()
    ):
        raise DomainError(_("The guard does not work at this school."))


@transaction.atomic
def create_route(*, actor, school, name, checkpoints, guard=None, every_day=False, key_areas=True):
    require(actor, Cap.PATROL_MANAGE, school)
    if not name.strip():
        raise DomainError(_("Give the route a name."))
    _check_guard(school, guard)
    route = Route.objects.create(
        school=school, name=name.strip(), guard=guard, every_day=every_day, key_areas=key_areas
    )
    _set_stops(route, checkpoints)
    audit.record(
        actor=actor,
        org=school,
        action="patrol.route_add",
        obj=route,
        changes={"checkpoints": [c.code for c in checkpoints]},
    )
    return route


@transaction.atomic
def update_route(*, actor, route, name, checkpoints, guard, every_day, key_areas, active):
    school = route.school
    require(actor, Cap.PATROL_MANAGE, school)
    if not name.strip():
        raise DomainError(_("Give the route a name."))
    _check_guard(school, guard)
    route.name, route.guard, route.every_day = name.strip(), guard, every_day
    route.key_areas, route.active = key_areas, active
    route.save(update_fields=["name", "guard", "every_day", "key_areas", "active"])
    _set_stops(route, checkpoints)
    # Today's rounds not started yet follow the new route; started and past ones keep theirs.
    Round.objects.filter(route=route, status=RoundStatus.SCHEDULED, scans__isnull=True).update(
        planned=[c.pk for c in checkpoints]
    )
    audit.record(
        actor=actor,
        org=school,
        action="patrol.route_edit",
        obj=route,
        changes={"checkpoints": [c.code for c in checkpoints], "active": active},
    )
    return route


@transaction.atomic
def add_window(*, actor, route, kind, start, end, tolerance_minutes):
    require(actor, Cap.PATROL_MANAGE, route.school)
    if start == end:
        raise DomainError(_("A window must not start and end at the same time."))
    window = RouteWindow.objects.create(
        route=route, kind=kind, start=start, end=end, tolerance_minutes=tolerance_minutes
    )
    audit.record(
        actor=actor,
        org=route.school,
        action="patrol.window_add",
        obj=route,
        changes={"window": str(window)},
    )
    return window


@transaction.atomic
def remove_window(*, actor, window):
    route = window.route
    require(actor, Cap.PATROL_MANAGE, route.school)
    # Rounds not begun are dropped; the window stays (unused) if any round has history.
    window.rounds.filter(status=RoundStatus.SCHEDULED, scans__isnull=True).delete()
    if window.rounds.exists():
        window.active = False
        window.save(update_fields=["active"])
    else:
        window.delete()
    audit.record(
        actor=actor,
        org=route.school,
        action="patrol.window_remove",
        obj=route,
        changes={"window": str(window)},
    )


# The default day: five patrols of key areas (GB/T 29315-2022) plus dormitory night rounds.
DEFAULT_WINDOWS = [
    (WindowKind.ARRIVAL, time(7, 10), time(7, 50)),
    (WindowKind.LUNCH, time(12, 0), time(12, 40)),
    (WindowKind.DISMISSAL, time(16, 20), time(17, 0)),
    (WindowKind.EVENING, time(18, 30), time(19, 10)),
    (WindowKind.NIGHT, time(21, 30), time(22, 10)),
    (WindowKind.OTHER, time(10, 0), time(10, 40)),
    (WindowKind.OTHER, time(14, 30), time(15, 10)),
]
DORMITORY_WINDOWS = [
    (WindowKind.NIGHT, time(22, 30), time(23, 10)),
    (WindowKind.NIGHT, time(23, 50), time(0, 30)),
    (WindowKind.NIGHT, time(3, 0), time(3, 40)),
]
KEY_AREA_KINDS = [
    ZoneKind.GATE,
    ZoneKind.PERIMETER,
    ZoneKind.CANTEEN,
    ZoneKind.LABORATORY,
    ZoneKind.SPORTS_GROUND,
]
KEY_AREA_NAMES = ("门卫室", "配电房", "寝室")


def _default_checkpoints(actor, school):
    existing = {c.zone_id: c for c in Checkpoint.objects.filter(school=school)}
    used = set(Checkpoint.objects.filter(school=school).values_list("code", flat=True))
    zones = Zone.objects.filter(school=school).select_related("parent").order_by("pk")
    paths = zone_paths(zone_index(school))
    key, dorms = [], []
    for zone in zones:
        is_key = zone.kind in KEY_AREA_KINDS or any(n in zone.name for n in KEY_AREA_NAMES)
        is_dorm = zone.kind == ZoneKind.DORMITORY or (
            zone.parent_id and zone.parent.kind == ZoneKind.DORMITORY
        )
        if not (is_key or is_dorm):
            continue
        checkpoint = existing.get(zone.pk)
        if checkpoint is None:
            prefix = "D" if is_dorm else "K"
            n = 1
            while f"{prefix}{n}" in used:
                n += 1
            used.add(f"{prefix}{n}")
            checkpoint = create_checkpoint(
                actor=actor,
                school=school,
                zone=zone,
                name=paths[zone.pk].replace(" / ", " ")[:80],
                code=f"{prefix}{n}",
            )
        (dorms if is_dorm else key).append(checkpoint)
    return key, dorms


@transaction.atomic
def create_default_routes(*, actor, school):
    """Checkpoints at the key areas and a key-area route walked as many times a day as the
    rules ask (five by default); a boarding school also gets dormitory night rounds every day."""
    require(actor, Cap.PATROL_MANAGE, school)
    if Route.objects.filter(school=school).exists():
        raise DomainError(_("This school already has routes."))
    rules = rules_for(school)
    key, dorms = _default_checkpoints(actor, school)
    if not key:
        raise DomainError(_("Add zones (gate, perimeter, canteen …) before the default routes."))
    made = []
    route = create_route(actor=actor, school=school, name=_("Key areas"), checkpoints=key)
    for kind, start, end in DEFAULT_WINDOWS[: max(rules.min_rounds_per_day, 1)]:
        add_window(
            actor=actor,
            route=route,
            kind=kind,
            start=start,
            end=end,
            tolerance_minutes=rules.tolerance_minutes,
        )
    made.append(route)
    if dorms and school.boarding_students:
        night = create_route(
            actor=actor,
            school=school,
            name=_("Dormitory night round"),
            checkpoints=dorms,
            every_day=True,
            key_areas=False,
        )
        for kind, start, end in DORMITORY_WINDOWS:
            add_window(
                actor=actor,
                route=night,
                kind=kind,
                start=start,
                end=end,
                tolerance_minutes=rules.tolerance_minutes,
            )
        made.append(night)
    ensure_rounds(school, timezone.localdate())
    return made


# Running a round ----------------------------------------------------------------------------


def _lock(round_):
    return (
        Round.objects.select_for_update(of=("self",))
        .select_related("school", "route", "window")
        .get(pk=round_.pk)
    )


def _opens_at(round_):
    return round_.starts_at - timedelta(minutes=round_.tolerance_minutes)


def _check_open(round_, at):
    """A round can be walked from its window's start (less the tolerance) until it closes, but
    only if it was started before its window ended (plus the tolerance): else it was missed."""
    if at < _opens_at(round_):
        local = timezone.localtime(_opens_at(round_))
        raise DomainError(_("This round opens at %(time)s.") % {"time": f"{local:%H:%M}"})
    if round_.started_at is None and at > round_.ends_at + timedelta(
        minutes=round_.tolerance_minutes
    ):
        raise DomainError(_("This round was missed: it was not started before its window ended."))
    if at > round_.closes_at:
        raise DomainError(_("This round is closed: its window is over."))


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


def parse_label(text, school):
    """The checkpoint a QR label names, or a clear refusal (another school's label, unknown)."""
    parts = (text or "").strip().split(":")
    if len(parts) != 3 or parts[0] != QR_PREFIX:
        raise DomainError(_("This QR code is not a SafeCampus checkpoint label."))
    if parts[1] != str(school.pk):
        raise DomainError(
            _("This label belongs to a checkpoint of another school; it is not valid here.")
        )
    checkpoint = Checkpoint.objects.filter(school=school, token=parts[2]).first()
    if checkpoint is None:
        raise DomainError(_("This label is no longer valid: it was replaced by a new one."))
    return checkpoint


def _checkpoint(school, qr, code):
    if qr:
        return parse_label(qr, school), ScanMethod.QR
    code = normalise_code(code)
    if not code:
        raise DomainError(_("Scan the label or type the checkpoint's code."))
    checkpoint = Checkpoint.objects.filter(school=school, code=code).first()
    if checkpoint is None:
        raise DomainError(_("No checkpoint of this school has the code %(code)s.") % {"code": code})
    return checkpoint, ScanMethod.CODE


def effective_time(recorded_at, received_at):
    """The phone's time when it is plausible, else the server's."""
    return clock.effective_time(
        recorded_at, received_at, max_age=PHONE_TIME_MAX_AGE, skew=PHONE_CLOCK_SKEW
    )


def _origin(round_):
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


def _record_scan(
    *, actor, round_, client_uuid, qr, code, recorded_at, note, photo, problem, category
):
    round_ = _lock(round_)
    school = round_.school
    require(actor, Cap.PATROL_RUN, school)
    existing = replayed(Scan, client_uuid, round=round_)
    if existing is not None:
        return existing
    ROUND.check(round_, "scan")
    checkpoint, method = _checkpoint(school, qr, code)
    if checkpoint.pk not in round_.planned:
        raise DomainError(
            _("Checkpoint %(code)s (%(name)s) is not on this route.")
            % {"code": checkpoint.code, "name": checkpoint.name}
        )
    received_at = timezone.now()
    scanned_at = effective_time(recorded_at, received_at)
    _check_open(round_, scanned_at)
    note = (note or "").strip()[:500]
    if problem and not note:
        raise DomainError(_("Say what is wrong, so the hazard can be dealt with."))
    if photo is not None:
        [photo] = stored_photos(actor=actor, org=school, uploads=[photo])
    scan = Scan.objects.create(
        round=round_,
        checkpoint=checkpoint,
        client_uuid=client_uuid,
        by=actor,
        method=method,
        scanned_at=scanned_at,
        received_at=received_at,
        recorded_at=recorded_at,
        note=note,
        photo=photo,
        problem=problem,
    )
    if round_.started_at is None:
        round_.started_at = scanned_at
        round_.guard = actor
        # A queue replayed after the round was marked missed: it was walked in time after all.
        round_.closed_at = None
        round_.save(update_fields=["started_at", "guard", "closed_at"])
    if problem:
        label, url = _origin(round_)
        hazard = report_hazard(
            actor=actor,
            school=school,
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
        scan.hazard = hazard
        scan.save(update_fields=["hazard"])
    refresh(round_)
    audit.record(
        actor=actor,
        org=school,
        action="patrol.scan",
        obj=round_,
        changes={"checkpoint": checkpoint.code, "method": method, "problem": problem},
    )
    return scan


def guards_of(school):
    from safecampus.core.roles import Role

    return User.objects.filter(
        memberships__org=school, memberships__role=Role.GUARD, memberships__ended_at__isnull=True
    ).distinct()
