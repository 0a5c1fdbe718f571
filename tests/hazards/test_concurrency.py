"""Two people deciding on the same rectification at the same moment: exactly one wins.

These tests need committed transactions in several connections, so they run with
transaction=True, and the database is flushed after each one. The module fixture takes a copy
of the database before the first test and puts it back after the last one, so tests that run
later in the same worker still find the demo district.

On PostgreSQL the second writer waits on the row lock (select_for_update). On SQLite the
product's file database makes it wait on the write lock (BEGIN IMMEDIATE, busy_timeout). The
SQLite *test* database is different: it lives in memory with a shared cache, where a second
writer is refused at once with "database table is locked" instead of waiting. So on SQLite the
race runs on a file copy of the test database, opened with the product's own settings.
"""

import shutil
import sqlite3
import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import override_settings
from django.utils import timezone, translation

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Org
from safecampus.core.services.audit import verify_chain
from safecampus.hazards import services
from safecampus.hazards.models import Grade, Hazard, HazardEvent, Status
from tests.helpers import png, user_named

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load_demo():
    from safecampus.core.demo import load_demo

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        load_demo()


def _sqlite_copy(source, target):
    """Copy one SQLite database into another, page by page (both are sqlite3 connections)."""
    source.backup(target)


@pytest.fixture(scope="module", autouse=True)
def _leave_the_database_as_found(django_db_setup, django_db_blocker, tmp_path_factory):
    """Before the module: the demo, committed, and a copy of it. After: the copy put back."""
    with django_db_blocker.unblock():
        _load_demo()
        snapshot = None
        if connection.vendor == "sqlite":
            snapshot = tmp_path_factory.mktemp("race") / "before.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(snapshot)
            _sqlite_copy(connection.connection, target)
            target.close()
    yield snapshot
    with django_db_blocker.unblock():
        if snapshot is not None:
            connection.ensure_connection()
            source = sqlite3.connect(snapshot)
            _sqlite_copy(source, connection.connection)
            source.close()
        else:
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
            _load_demo()


@pytest.fixture
def race_db(_leave_the_database_as_found, tmp_path):
    """The demo district, committed; on SQLite every connection is switched to a file copy."""
    snapshot = _leave_the_database_as_found
    if snapshot is None:
        _load_demo()  # the previous test's flush removed it
        yield
        return
    path = tmp_path / "race.sqlite3"
    shutil.copyfile(snapshot, path)
    in_memory_settings = connections.settings[DEFAULT_DB_ALIAS]
    in_memory = connections[DEFAULT_DB_ALIAS]
    # New connections (one per thread) are made from these settings; this thread's one now.
    connections.settings[DEFAULT_DB_ALIAS] = {**in_memory_settings, "NAME": str(path)}
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = in_memory
        connections.settings[DEFAULT_DB_ALIAS] = in_memory_settings


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
