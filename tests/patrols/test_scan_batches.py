"""The batch scan path against the single one: any sequence of scans leaves the same round, the
same scans, the same answers and the same audit trail (one event per batch instead of one per
scan), and a replayed batch creates nothing."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Org, User
from safecampus.core.services.attachments import atomic_with_files
from safecampus.hazards.models import Hazard
from safecampus.patrols import services
from safecampus.patrols.models import Checkpoint, Round, RoundStatus, Scan
from tests.patrols.helpers import open_round

pytestmark = pytest.mark.django_db
FOREIGN = uuid.UUID("00000000-0000-4000-8000-00000000f0f0")  # used in another round already
# Phone times in minutes from now: the window was 90 to 30 minutes ago (10 minutes' tolerance),
# so -95 is early on time, -15 late, -120 before it opened, +2 days and -25 hours not believed.
PHONE = [None, -95, -80, -60, -40, -15, -120, 2 * 24 * 60, -25 * 60]


class Rollback(Exception):
    pass


@pytest.fixture
def walk():
    round_, cps = open_round()
    other, other_cps = open_round(name="第二条路线")
    guard = User.objects.get(username="s01.guard")
    services.record_scan(actor=guard, round=other, client_uuid=FOREIGN, code=other_cps[0].code)
    off_route = (
        Checkpoint.objects.filter(school=round_.school).exclude(pk__in=[c.pk for c in cps]).first()
    )
    foreign_label = Checkpoint.objects.filter(school__code="s02").first().qr_text
    names = [c.code for c in cps] + [f"qr:{c.qr_text}" for c in cps[:2]]
    names += [off_route.code, "ZZ9", f"qr:{foreign_label}"]
    return round_, guard, names


def _reset(round_, now, closed):
    """Move the round's window into the past; `closed`: the job marked it missed already."""
    Round.objects.filter(pk=round_.pk).update(
        starts_at=now - timedelta(minutes=90),
        ends_at=now - timedelta(minutes=30),
        closes_at=now + timedelta(minutes=60),
        tolerance_minutes=10,
        status=RoundStatus.MISSED if closed else RoundStatus.SCHEDULED,
        closed_at=now - timedelta(minutes=5) if closed else None,
        started_at=None,
        guard=None,
    )


def _items(round_, now, draws):
    items, uuids = [], []
    for name, phone, problem, repeat, where in draws:
        client_uuid = uuids[repeat % len(uuids)] if repeat is not None and uuids else uuid.uuid4()
        if where == "foreign uuid":
            client_uuid = FOREIGN
        uuids.append(client_uuid)
        qr, code = (name[3:], "") if name.startswith("qr:") else ("", name)
        items.append(
            services.ScanItem(
                client_uuid=client_uuid,
                round_id=-1 if where == "unknown round" else round_.pk,
                qr=qr,
                code=code,
                recorded_at=None if phone is None else now + timedelta(minutes=phone),
                note="栏杆松动" if problem == "with note" else "",
                problem=problem != "no",
            )
        )
    return items


def _single(guard, item):
    """One scan through `record_scan`, answered as the API answered before batches."""
    round_ = Round.objects.filter(pk=item.round_id).first()
    try:
        if round_ is None:
            raise DomainError(_("Not found."))
        with atomic_with_files():
            scan = services.record_scan(
                actor=guard,
                round=round_,
                client_uuid=item.client_uuid,
                qr=item.qr,
                code=item.code,
                recorded_at=item.recorded_at,
                note=item.note,
                problem=item.problem,
                category=item.category,
            )
    except DomainError as error:
        return services.ScanOutcome(error=error)
    round_.refresh_from_db(fields=["status"])
    return services.ScanOutcome(scan=scan, round_status=round_.status)


def _phone_or_server(moment, items):
    return moment if moment in {i.recorded_at for i in items} else "server time"


def _state(round_, items, outcomes, seq):
    """What a run leaves, with server times (which differ between runs) named as such."""
    round_.refresh_from_db()
    answers = [
        (o.ok, str(o.error.message) if o.error else "")
        + ((o.scan.checkpoint.code, o.round_status, o.scan.hazard_id is not None) if o.ok else ())
        for o in outcomes
    ]
    scans = [
        (s.client_uuid, s.checkpoint.code, s.method, s.problem, s.note, s.hazard_id is not None)
        for s in Scan.objects.filter(round=round_).order_by("pk")
    ]
    scan_times = [
        _phone_or_server(at, items)
        for at in Scan.objects.filter(round=round_)
        .order_by("pk")
        .values_list("scanned_at", flat=True)
    ]
    events = list(AuditEvent.objects.filter(org=round_.school, seq__gt=seq).order_by("seq"))
    scanned = []
    for event in events:
        if event.action == "patrol.scan":
            scanned.append(event.changes)
        elif event.action == "patrol.scans":
            for scan in event.changes["scans"]:
                assert scan.pop("round") == round_.pk
                scanned.append(scan)
    others = sorted(e.action for e in events if e.action not in ("patrol.scan", "patrol.scans"))
    return {
        "answers": answers,
        "round": (
            round_.status,
            round_.visited_count,
            round_.late_count,
            round_.out_of_order_count,
            round_.problem_count,
            round_.guard_id,
            _phone_or_server(round_.started_at, items) if round_.started_at else None,
            round_.closed_at is None,
        ),
        "scans": scans,
        "scan times": scan_times,
        "audit": scanned,
        "other audit": others,
        "hazards": Hazard.objects.count(),
    }


def _run(round_, guard, items, now, closed, batch):
    """Run one path inside a savepoint and roll it back: both paths start from the same rows."""
    seq = Org.objects.get(pk=round_.school_id).audit_seq
    try:
        with transaction.atomic():
            _reset(round_, now, closed)
            if batch:
                outcomes = services.record_scans(actor=guard, items=items)
            else:
                outcomes = [_single(guard, item) for item in items]
            state = _state(round_, items, outcomes, seq)
            events = AuditEvent.objects.filter(org=round_.school, seq__gt=seq)
            state["batch events"] = events.filter(action="patrol.scans").count()
            raise Rollback
    except Rollback:
        return state


def _compare(walk, draws, closed):
    round_, guard, _names = walk
    now = timezone.now()
    items = _items(round_, now, draws)
    single = _run(round_, guard, items, now, closed, batch=False)
    batch = _run(round_, guard, items, now, closed, batch=True)
    assert batch.pop("batch events") == (1 if batch["scans"] else 0)
    single.pop("batch events")
    assert batch == single
    return batch


draw = st.tuples(
    st.integers(0, 8),
    st.sampled_from(PHONE),
    st.sampled_from(["no", "no", "no", "with note", "without note"]),
    st.one_of(st.none(), st.none(), st.integers(0, 20)),
    st.sampled_from(["round"] * 8 + ["foreign uuid", "unknown round"]),
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draws=st.lists(draw, min_size=1, max_size=12), closed=st.booleans())
def test_a_batch_leaves_what_the_same_scans_one_by_one_leave(walk, draws, closed):
    names = walk[2]
    _compare(walk, [(names[n], *rest) for n, *rest in draws], closed)


CASES = {
    # The first scan, in time, starts the round: the late ones after it are taken, not missed.
    "started by its first scan": [(0, -95), (1, None), (2, -15), (3, -40)],
    # Not started and past its window: every scan is refused as missed.
    "missed": [(0, None), (1, -15)],
    # Out of order, a duplicate, one of another route, an unknown code, a foreign label.
    "refusals and duplicates": [(2, -95), (0, -80), (0, -60), (6, -60), (7, -60), (8, -60)],
    # A label and a code of the same checkpoint: the second is a duplicate.
    "label then code": [(4, -95), (0, -90), (5, -80), (2, -70), (3, -60)],
}


@pytest.mark.parametrize("closed", [False, True])
@pytest.mark.parametrize("case", CASES)
def test_a_table_of_walks(walk, case, closed):
    names = walk[2]
    draws = [(names[n], phone, "no", None, "round") for n, phone in CASES[case]]
    state = _compare(walk, draws, closed)
    if case == "started by its first scan":
        assert state["round"][:3] == (RoundStatus.DONE, 4, 2)
    if case == "missed":
        assert not any(ok for ok, *_rest in state["answers"])


def test_a_replayed_batch_creates_nothing_and_answers_the_same(walk):
    round_, guard, names = walk
    now = timezone.now()
    draws = [(names[n], -60 + n, "no", None, "round") for n in range(4)]
    draws.append((names[1], -50, "with note", None, "round"))
    items = _items(round_, now, draws)
    _reset(round_, now, closed=False)
    first = services.record_scans(actor=guard, items=items)
    counts = Scan.objects.count(), Hazard.objects.count(), AuditEvent.objects.count()
    again = services.record_scans(actor=guard, items=items)
    assert (Scan.objects.count(), Hazard.objects.count(), AuditEvent.objects.count()) == counts
    assert [o.scan.pk for o in again] == [o.scan.pk for o in first]
    assert [o.scan.hazard_id for o in again] == [o.scan.hazard_id for o in first]
    assert first[-1].scan.hazard_id is not None
    round_.refresh_from_db()
    assert (round_.status, round_.visited_count, round_.problem_count) == (RoundStatus.DONE, 4, 1)


def test_the_queries_of_a_batch_do_not_grow_with_its_scans(walk, django_assert_max_num_queries):
    round_, guard, names = walk
    now = timezone.now()
    _reset(round_, now, closed=False)
    small = _items(round_, now, [(names[0], -80, "no", None, "round")])
    large = _items(round_, now, [(names[n], -70 + n, "no", None, "round") for n in range(1, 4)])
    large += _items(round_, now, [(names[n], -60, "no", None, "round") for n in range(9)])
    with CaptureQueriesContext(connection) as one:
        services.record_scans(actor=guard, items=small)
    with django_assert_max_num_queries(len(one.captured_queries)):
        services.record_scans(actor=guard, items=large)


def test_the_batch_event_names_its_round_as_the_round_is_named_elsewhere(walk):
    round_, guard, names = walk
    now = timezone.now()
    _reset(round_, now, closed=False)
    services.record_scans(
        actor=guard, items=_items(round_, now, [(names[0], -80, "no", None, "round")])
    )
    event = AuditEvent.objects.filter(action="patrol.scans").latest("seq")
    assert event.object_repr == str(Round.objects.get(pk=round_.pk))
    assert round_.route.name in event.object_repr


def test_another_schools_guard_finds_no_round_and_changes_nothing(walk):
    round_, _guard, names = walk
    now = timezone.now()
    _reset(round_, now, closed=False)
    stranger = User.objects.get(username="s02.guard")
    items = _items(round_, now, [(names[0], -80, "no", None, "round")])
    [outcome] = services.record_scans(actor=stranger, items=items)
    assert not outcome.ok
    assert str(outcome.error.message) == _("Not found.")
    assert not Scan.objects.filter(round=round_).exists()
    round_.refresh_from_db()
    assert (round_.status, round_.started_at) == (RoundStatus.SCHEDULED, None)
