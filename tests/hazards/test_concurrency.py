"""Two people deciding on the same rectification at the same moment: exactly one wins.

These tests need committed transactions in several connections: they run on a copy of the test
database (the `race_db` fixture of tests/conftest.py). On PostgreSQL the second writer waits on
the row lock (select_for_update); on SQLite on the write lock (BEGIN IMMEDIATE, busy_timeout).
"""

import threading

import pytest
from django.db import connection
from django.utils import timezone, translation

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Org
from safecampus.core.services.audit import verify_chain
from safecampus.hazards import services
from safecampus.hazards.models import Grade, Hazard, HazardEvent, Status
from tests.helpers import png, user_named

pytestmark = pytest.mark.django_db


def _rectified_hazard():
    """A general hazard at s01, rectified by the head teacher, waiting for acceptance."""
    s01 = Org.objects.get(code="s01")
    hazard = services.report_hazard(
        actor=user_named("s01.teacher"),
        school=s01,
        place="教学楼二楼走廊",
        category="electrical",
        description="插座面板破损，电线外露",
    )
    services.confirm(actor=user_named("s01.officer"), hazard=hazard, grade=Grade.GENERAL)
    services.assign(
        actor=user_named("s01.officer"),
        hazard=hazard,
        responsible_person=user_named("s01.headteacher"),
        responsible_unit="总务处",
        measures="更换插座面板",
        deadline=timezone.localdate(),
    )
    services.rectify(
        actor=user_named("s01.headteacher"),
        hazard=hazard,
        note="已更换面板",
        photos=[png("after.png")],
    )
    hazard.refresh_from_db()
    assert hazard.status == Status.RECTIFIED
    assert hazard.rectified_by.username == "s01.headteacher"
    return hazard


def _together(hazard_pk, moves):
    """Each (username, move) runs in its own thread and connection, all released at once.

    Returns {username: "done" or the exception raised}.
    """
    barrier = threading.Barrier(len(moves))
    outcomes = {}

    def worker(username, move):
        try:
            actor = user_named(username)
            hazard = Hazard.objects.get(pk=hazard_pk)
            barrier.wait(timeout=10)
            with translation.override("en"):
                move(actor=actor, hazard=hazard)
            outcomes[username] = "done"
        except Exception as exc:
            outcomes[username] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=move) for move in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    return outcomes


def _accept(*, actor, hazard):
    services.accept(actor=actor, hazard=hazard, note="现场复核合格")


def _send_back(*, actor, hazard):
    services.send_back(actor=actor, hazard=hazard, reason="电线仍未固定")


def _split(outcomes):
    winners = [name for name, outcome in outcomes.items() if outcome == "done"]
    losers = {name: outcome for name, outcome in outcomes.items() if outcome != "done"}
    assert len(winners) == 1, outcomes
    [(loser, error)] = losers.items()
    # A refusal the user is shown (DomainError), not a database error and not a 403.
    assert type(error) is DomainError, f"{loser} got {error!r}"
    assert not isinstance(error, PermissionRefused)
    return winners[0], loser, error


def _audit_of(hazard, action):
    return AuditEvent.objects.filter(
        action=f"hazard.{action}", object_type="hazards.hazard", object_id=str(hazard.pk)
    )


def test_two_acceptors_at_the_same_moment_one_wins_and_the_other_is_told_why(race_db):
    hazard = _rectified_hazard()
    events_before = HazardEvent.objects.filter(hazard=hazard).count()

    outcomes = _together(hazard.pk, [("s01.officer", _accept), ("s01.principal", _accept)])

    winner, _loser, error = _split(outcomes)
    assert error.message == "This cannot be done while the hazard is “Closed”."
    hazard.refresh_from_db()
    assert hazard.status == Status.CLOSED
    assert hazard.accepted_by.username == winner
    assert hazard.accepted_by_id != hazard.rectified_by_id
    assert HazardEvent.objects.filter(hazard=hazard).count() == events_before + 1
    accepts = HazardEvent.objects.filter(hazard=hazard, action="accept")
    assert [event.actor.username for event in accepts] == [winner]
    assert [event.actor.username for event in _audit_of(hazard, "accept")] == [winner]
    s01 = Org.objects.get(code="s01")
    assert verify_chain(s01.pk, s01.audit_seq) == []


def test_accept_and_send_back_at_the_same_moment_only_one_happens(race_db):
    hazard = _rectified_hazard()
    events_before = HazardEvent.objects.filter(hazard=hazard).count()

    outcomes = _together(hazard.pk, [("s01.officer", _accept), ("s01.principal", _send_back)])

    winner, _loser, error = _split(outcomes)
    hazard.refresh_from_db()
    if winner == "s01.officer":
        assert hazard.status == Status.CLOSED
        assert hazard.accepted_by.username == "s01.officer"
        assert error.message == "This cannot be done while the hazard is “Closed”."
        action = "accept"
    else:
        assert hazard.status == Status.RECTIFYING
        assert hazard.accepted_by is None
        assert error.message == "This cannot be done while the hazard is “Rectifying”."
        action = "send_back"
    events = HazardEvent.objects.filter(hazard=hazard)
    assert events.count() == events_before + 1
    assert [(e.action, e.actor.username) for e in events.filter(action=action)] == [
        (action, winner)
    ]
    assert _audit_of(hazard, "accept").count() + _audit_of(hazard, "send_back").count() == 1
    s01 = Org.objects.get(code="s01")
    assert verify_chain(s01.pk, s01.audit_seq) == []
