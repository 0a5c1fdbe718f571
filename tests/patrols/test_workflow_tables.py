"""A patrol round's workflow table holds: a guard starts it (again: nothing changes; a round
over is not started) and scans it, the periodic job closes it, each landing where the table
says; a start the table refuses changes nothing, and the job passes over the rounds it may not
close (tests/workflows.py)."""

import uuid
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.core.models import AuditEvent
from safecampus.hazards.models import Hazard
from safecampus.patrols import services
from safecampus.patrols.models import Round, RoundStatus, Scan
from safecampus.patrols.rounds import close_due_rounds, close_if_due
from safecampus.patrols.workflow import ROUND
from tests.patrols.helpers import open_round
from tests.workflows import check_move, check_sweep, every_move

pytestmark = pytest.mark.django_db

STARTED = (RoundStatus.IN_PROGRESS, RoundStatus.DONE, RoundStatus.INCOMPLETE)
# Far enough back that the round's late limit (two hours by default) has passed as well.
LONG_AGO = timedelta(hours=6)


@every_move(
    ROUND,
    stop=(st.integers(0, 3), 3),
    scanned=(st.booleans(), False),
    note=(st.sampled_from(["", "  门锁正常  ", "完成率50%，%(place)s"]), ""),
)
def test_a_round_follows_its_table(state, action, stop, scanned, note, person):
    guard = person("s01.guard")

    def scan(round_, checkpoint, **phone):
        services.record_scan(
            actor=guard, round=round_, client_uuid=uuid.uuid4(), code=checkpoint.code, **phone
        )

    def make(state):
        round_, checkpoints = open_round()
        if state in STARTED:
            services.start_round(actor=guard, round=round_)
        if state == RoundStatus.DONE:
            for checkpoint in checkpoints:
                scan(round_, checkpoint)
        elif state == RoundStatus.INCOMPLETE or (state == RoundStatus.IN_PROGRESS and scanned):
            scan(round_, checkpoints[0])
        if state in (RoundStatus.INCOMPLETE, RoundStatus.MISSED):
            # Its time is over, and the job has closed it.
            Round.objects.filter(pk=round_.pk).update(
                starts_at=F("starts_at") - LONG_AGO,
                ends_at=F("ends_at") - LONG_AGO,
                closes_at=F("closes_at") - LONG_AGO,
            )
            close_if_due(round_, timezone.now())
        made = Round.objects.get(pk=round_.pk)
        made.checkpoints = checkpoints
        return made

    def act(round_, action):
        if action == "start":
            services.start_round(actor=guard, round=round_)
        else:
            # A scan made in the round's time, sent now (a phone's queue): the times allow it.
            phone_time = round_.starts_at + timedelta(minutes=1)
            scan(round_, round_.checkpoints[stop], recorded_at=phone_time, note=note)

    def trace(round_):
        return (
            list(Round.objects.filter(pk=round_.pk).values()),
            list(Scan.objects.filter(round=round_).order_by("pk").values()),
            AuditEvent.objects.count(),
            Hazard.objects.count(),
        )

    if action == "close":
        check_sweep(
            ROUND,
            state,
            action,
            make=make,
            sweep=lambda round_: close_due_rounds(now=round_.closes_at + timedelta(days=1)),
            trace=trace,
        )
        return
    check_move(ROUND, state, action, make=make, act=act, trace=trace)


def test_the_table_covers_every_status():
    assert set(ROUND.states) == set(RoundStatus)
    assert ROUND.actions == ["close", "scan", "start"]
    # Every status takes a scan made in time; only a round not over yet may be started.
    assert set(ROUND.moves("scan")) == set(RoundStatus)
    assert set(ROUND.moves("start")) == {RoundStatus.SCHEDULED, RoundStatus.IN_PROGRESS}
