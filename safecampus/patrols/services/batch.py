"""Scans in batches: a phone's replayed queue in one transaction.

Every scan keeps the rules of `record_scan` (scans.py) and gets the same answer: idempotent by
the phone's UUID, refused one by one with the same reasons, in the same order. What changes is
the work per batch: the rounds it names are read and locked together, the checkpoints are read
once, the known UUIDs and the rounds' earlier scans once (in one query), the new scans go in with
one insert, each round's completion is computed once at the end and the rounds written by one
statement, and each school's audit chain gets one event listing the batch's scans.

Scans are judged in the order given, each seeing the ones before it (a round's first scan starts
it; a UUID repeated within the batch is answered with the first scan).
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import active_memberships
from safecampus.core.errors import DomainError
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import atomic_with_files, stored_photos
from safecampus.core.services.permissions import require
from safecampus.hazards.models import Category
from safecampus.patrols.completion import ScanFact, compute
from safecampus.patrols.models import (
    Checkpoint,
    Round,
    RoundStatus,
    Route,
    RouteWindow,
    Scan,
    ScanMethod,
)
from safecampus.patrols.queries import can_see_rounds
from safecampus.patrols.services.checkpoints import normalise_code
from safecampus.patrols.services.scans import (
    admit,
    file_problem,
    label_token,
    mark_walked,
    scan_changes,
)
from safecampus.patrols.workflow import progress

ROUND_FIELDS = [
    "started_at",
    "guard",
    "closed_at",
    "visited_count",
    "late_count",
    "out_of_order_count",
    "problem_count",
    "typed_count",
    "status",
]


@dataclass
class ScanItem:
    """One scan of a batch, as the phone sent it. `photo` is an upload, a stored Attachment, or
    a function that returns one: it is called only when the scan gets that far, so a scan of a
    round the person may not see is refused as not found, whatever its photo."""

    client_uuid: uuid.UUID
    round_id: int
    qr: str = ""
    code: str = ""
    recorded_at: object = None
    note: str = ""
    photo: object = None
    problem: bool = False
    category: str = Category.OTHER


@dataclass
class ScanOutcome:
    """A scan recorded (or found again, for a repeated UUID) with its round's status right after
    it, or the refusal."""

    scan: Scan | None = None
    round_status: str = ""
    error: DomainError | None = None

    @property
    def ok(self):
        return self.error is None


@dataclass
class _Visits:
    """What `workflow.progress` reads of a completion, kept as the batch goes: the planned
    checkpoints visited so far, and whether that is all of them."""

    planned: frozenset
    visited: set = field(default_factory=set)

    @property
    def complete(self):
        return self.planned <= self.visited


class _RoundState:
    """One round of the batch: its locked row, changed in memory as scans are judged, and its
    scans (earlier ones, then the batch's) for the completion computed at the end."""

    def __init__(self, round_, earlier):
        self.round = round_
        self.facts = [ScanFact(checkpoint_id, at) for checkpoint_id, at, *_rest in earlier]
        self.problems = sum(1 for _c, _at, problem, _m in earlier if problem)
        # As `rounds.refresh` counts them: checkpoints reached only by a typed code.
        self.qr = {c for c, _at, _p, method in earlier if method == ScanMethod.QR}
        self.visits = _Visits(frozenset(round_.planned))
        self.visits.visited.update(f.checkpoint_id for f in self.facts)
        self.visits.visited &= self.visits.planned
        self.changed = False

    def add(self, scan, now):
        self.facts.append(ScanFact(scan.checkpoint_id, scan.scanned_at))
        self.problems += scan.problem
        if scan.method == ScanMethod.QR:
            self.qr.add(scan.checkpoint_id)
        if scan.checkpoint_id in self.visits.planned:
            self.visits.visited.add(scan.checkpoint_id)
        self.changed = True
        # As `rounds.refresh` leaves the round after a single scan.
        self.round.status = progress(self.round, self.visits)
        if self.round.status == RoundStatus.DONE:
            self.round.closed_at = self.round.closed_at or now

    def finish(self, now):
        """The completion, once: the counts the oversight pages sum, and the status."""
        round_ = self.round
        completion = compute(
            round_.planned,
            self.facts,
            ends_at=round_.ends_at,
            tolerance_minutes=round_.tolerance_minutes,
        )
        round_.visited_count = len(completion.visited)
        round_.late_count = len(completion.late)
        round_.out_of_order_count = len(completion.out_of_order)
        round_.problem_count = self.problems
        round_.typed_count = len({f.checkpoint_id for f in self.facts} - self.qr)
        round_.status = progress(round_, completion)
        if round_.status == RoundStatus.DONE:
            round_.closed_at = round_.closed_at or now


class _Checkpoints:
    """The checkpoints a batch names, loaded in one query, looked up as `checkpoint_for` asks.
    Their zones are not read: only a scan that files a problem needs one."""

    def __init__(self, school_ids, items):
        tokens = sorted({label_token(i.qr) for i in items if i.qr} - {None})
        codes = sorted({normalise_code(i.code) for i in items if not i.qr} - {""})
        self.found = {}
        named = [
            (column, values) for column, values in (("token", tokens), ("code", codes)) if values
        ]
        if not school_ids or not named:
            return
        sql = "SELECT {} FROM {} WHERE school_id IN ({}) AND ({})".format(
            _columns(Checkpoint),
            _quote(Checkpoint._meta.db_table),
            _marks(school_ids),
            " OR ".join(f"{_quote(column)} IN ({_marks(values)})" for column, values in named),
        )
        params = [*school_ids, *(value for _column, values in named for value in values)]
        for checkpoint in Checkpoint.objects.raw(sql, params):
            self.found[(checkpoint.school_id, "token", checkpoint.token)] = checkpoint
            self.found[(checkpoint.school_id, "code", checkpoint.code)] = checkpoint

    def __call__(self, school, field_name, value):
        return self.found.get((school.pk, field_name, value))


# The batch's reads are plain SQL through `raw()`: building each of them with the ORM took half a
# millisecond of CPU, a third of a batch, and a city's scan rate is bound by the CPU.
def _quote(name):
    return connection.ops.quote_name(name)


def _columns(model, alias=""):
    """The model's columns named one by one: the rows read are what the model knows, whatever
    else the table holds (a migration ahead of this code)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + _quote(f.column) for f in model._meta.concrete_fields)


def _marks(values):
    return ", ".join(["%s"] * len(values))


def record_scans(*, actor, items):
    """Record a batch of scans in one transaction; one outcome per item, in order. A refused scan
    changes nothing and does not stop the others."""
    items = [replace(item, client_uuid=uuid.UUID(str(item.client_uuid))) for item in items]
    try:
        with atomic_with_files():
            return _record_scans(actor, items)
    except IntegrityError:
        # A UUID of this batch was saved by another request meanwhile: judged again, its scan is
        # a replay now.
        with atomic_with_files():
            return _record_scans(actor, items)


def _locked_rounds(actor, round_ids):
    """The named rounds the person may see, locked in id order (two batches never deadlock),
    with their route's name and window's kind for the audit trail. Who may see a round is
    `rounds_for_api`'s rule, asked of the memberships already loaded (a member's school comes
    with them) rather than as a subquery."""
    if not round_ids:
        return {}
    ids = sorted(round_ids)
    lock = " FOR UPDATE OF r" if connection.features.has_select_for_update_of else ""
    sql = (
        "SELECT {columns}, ro.{name} AS route_name, w.{kind} AS window_kind "
        "FROM {rounds} r JOIN {routes} ro ON ro.id = r.route_id "
        "JOIN {windows} w ON w.id = r.window_id "
        "WHERE r.id IN ({marks}) ORDER BY r.id{lock}"
    ).format(
        columns=_columns(Round, "r"),
        name=_quote("name"),
        kind=_quote("kind"),
        rounds=_quote(Round._meta.db_table),
        routes=_quote(Route._meta.db_table),
        windows=_quote(RouteWindow._meta.db_table),
        marks=_marks(ids),
        lock=lock,
    )
    rows = list(Round.objects.raw(sql, ids))
    schools = {m.org_id: m.org for m in active_memberships(actor)}
    missing = {r.school_id for r in rows} - schools.keys()
    if missing:
        schools.update(Org.objects.in_bulk(missing))
    visible = {}
    for round_ in rows:
        round_.school = schools[round_.school_id]
        if can_see_rounds(actor, round_.school):
            visible[round_.pk] = round_
    return visible


def _known_scans(rounds, items):
    """The rounds' earlier scans as facts, in the order they were scanned, and the scans already
    saved under the batch's UUIDs, whichever round they are in. One query of the few columns
    the facts need; the scans of a replayed batch are loaded whole by a second one, only when
    there are some."""
    uuids = {i.client_uuid for i in items}
    earlier, replayed = defaultdict(list), []
    round_ids = sorted(rounds)
    uuid_field = Scan._meta.get_field("client_uuid")
    where = [f"client_uuid IN ({_marks(uuids)})"] if uuids else []
    if round_ids:
        where.append(f"round_id IN ({_marks(round_ids)})")
    if not where:
        return earlier, {}
    sql = (
        "SELECT id, round_id, client_uuid, checkpoint_id, scanned_at, problem, method "
        "FROM {} WHERE {} ORDER BY scanned_at, id"
    ).format(_quote(Scan._meta.db_table), " OR ".join(where))
    params = [uuid_field.get_db_prep_value(u, connection) for u in uuids] + round_ids
    for scan in Scan.objects.raw(sql, params):
        if scan.round_id in rounds:
            earlier[scan.round_id].append(
                (scan.checkpoint_id, scan.scanned_at, scan.problem, scan.method)
            )
        if scan.client_uuid in uuids:
            replayed.append(scan.pk)
    by_uuid = {}
    if replayed:
        for scan in Scan.objects.filter(pk__in=replayed).select_related("checkpoint"):
            by_uuid[scan.client_uuid] = scan
    return earlier, by_uuid


def _record_scans(actor, items):
    rounds = _locked_rounds(actor, {i.round_id for i in items})
    earlier, by_uuid = _known_scans(rounds, items)
    states = {pk: _RoundState(r, earlier[pk]) for pk, r in rounds.items()}
    find = _Checkpoints(sorted({r.school_id for r in rounds.values()}), items)
    outcomes, new_scans = [], []
    for item in items:
        state = states.get(item.round_id)
        try:
            if state is None:
                raise DomainError(_("Not found."))
            outcomes.append(_judge(actor, item, state, find, by_uuid, new_scans))
        except DomainError as error:
            outcomes.append(ScanOutcome(error=error))
    Scan.objects.bulk_create(new_scans)
    now = timezone.now()
    changed = [s for s in states.values() if s.changed]
    for state in changed:
        state.finish(now)
    _save_rounds([state.round for state in changed])
    _audit(actor, new_scans, states)
    return outcomes


def _save_rounds(rounds):
    """The batch's rounds written by one fixed UPDATE sent once per round in one call (psycopg
    pipelines it): `bulk_update`'s CASE per field and round took longer to build in Python than
    the database took to run it."""
    if not rounds:
        return
    fields = [Round._meta.get_field(name) for name in ROUND_FIELDS]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        _quote(Round._meta.db_table),
        ", ".join(f"{_quote(f.column)} = %s" for f in fields),
        _quote(Round._meta.pk.column),
    )
    params = [
        [f.get_db_prep_save(getattr(r, f.attname), connection) for f in fields] + [r.pk]
        for r in rounds
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _judge(actor, item, state, find, by_uuid, new_scans):
    """One scan, as `record_scan` judges it: a new scan joins `new_scans` (saved together after
    the loop) and the round's state moves on in memory."""
    round_ = state.round
    photo = item.photo() if callable(item.photo) else item.photo
    require(actor, Cap.PATROL_RUN, round_.school)
    existing = by_uuid.get(item.client_uuid)
    if existing is not None:
        if existing.round_id != round_.pk:
            raise DomainError(_("This submission id was already used."))
        return ScanOutcome(scan=existing, round_status=round_.status)
    received_at = timezone.now()
    scan = admit(
        round_=round_,
        qr=item.qr,
        code=item.code,
        recorded_at=item.recorded_at,
        note=item.note,
        problem=item.problem,
        received_at=received_at,
        find=find,
    )
    hazard = None
    if photo is not None or item.problem:
        # Its own savepoint: a refused photo or hazard takes back its own rows and files only.
        with atomic_with_files():
            if photo is not None:
                [photo] = stored_photos(actor=actor, org=round_.school, uploads=[photo])
            if item.problem:
                hazard = file_problem(
                    actor=actor,
                    round_=round_,
                    checkpoint=scan.checkpoint,
                    category=item.category,
                    note=scan.note,
                    photo=photo,
                    client_uuid=item.client_uuid,
                )
    row = Scan(
        round=round_,
        checkpoint=scan.checkpoint,
        client_uuid=item.client_uuid,
        by=actor,
        method=scan.method,
        scanned_at=scan.scanned_at,
        received_at=received_at,
        recorded_at=item.recorded_at,
        note=scan.note,
        photo=photo,
        problem=item.problem,
        hazard=hazard,
    )
    mark_walked(round_, actor, scan.scanned_at)
    state.add(row, received_at)
    by_uuid[item.client_uuid] = row
    new_scans.append(row)
    return ScanOutcome(scan=row, round_status=round_.status)


def _audit(actor, new_scans, states):
    """One event per school's chain for the whole batch, listing its scans in order."""
    by_school = defaultdict(list)
    for scan in new_scans:
        by_school[scan.round.school_id].append(scan)
    for scans in by_school.values():
        rounds = list({s.round_id: s.round for s in scans}.values())
        audit.record(
            actor=actor,
            org=rounds[0].school,
            action="patrol.scans",
            obj=rounds[0] if len(rounds) == 1 else None,
            object_repr="; ".join(r.label(r.route_name, r.window_kind) for r in rounds),
            changes={
                "scans": [
                    {"round": s.round_id, **scan_changes(s.checkpoint, s.method, s.problem)}
                    for s in scans
                ]
            },
        )
