"""Open sockets follow the person's access: deactivation or a lost role closes them at once,
and every alarm is checked against the person's current roles before it is sent on."""

import json

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from django.utils import timezone

from safecampus.core.consumers import CLOSE_ACCESS_ENDED, NotificationConsumer
from safecampus.core.models import Membership
from safecampus.core.services import people
from safecampus.emergencies.consumers import AlarmConsumer
from safecampus.emergencies.services import alarms

pytestmark = pytest.mark.django_db


async def _open(consumer, path, user):
    # asgiref's communicator: channels.testing would pull in daphne for its live server.
    scope = {"type": "websocket", "path": path, "headers": [], "subprotocols": [], "user": user}
    communicator = ApplicationCommunicator(consumer.as_asgi(), scope)
    await communicator.send_input({"type": "websocket.connect"})
    assert (await communicator.receive_output(timeout=3))["type"] == "websocket.accept"
    # Alarms still waiting for this person's acknowledgement come first: read them away.
    while not await communicator.receive_nothing(timeout=0.3):
        await communicator.receive_output()
    return communicator


async def _json(communicator):
    output = await communicator.receive_output(timeout=3)
    assert output["type"] == "websocket.send", output
    return json.loads(output["text"])


def _run(scenario):
    async_to_sync(scenario)()


@pytest.fixture(autouse=True)
def _keep_the_test_transaction(monkeypatch):
    """database_sync_to_async closes connections it finds inside a transaction, as a request
    should; here the transaction is the test's own (it holds the demo's rollback), so keep it."""
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


@pytest.mark.parametrize(
    ("consumer", "path"),
    [(AlarmConsumer, "/ws/alarms/"), (NotificationConsumer, "/ws/notifications/")],
    ids=["alarm-feed", "bell"],
)
def test_deactivation_closes_an_open_socket(
    consumer, path, org, person, django_capture_on_commit_callbacks
):
    guard, principal, s01 = person("s01.guard"), person("s01.principal"), org("s01")

    def deactivate():
        with django_capture_on_commit_callbacks(execute=True):
            people.deactivate_person(actor=principal, school=s01, person=guard, reason="离职")

    async def scenario():
        socket = await _open(consumer, path, guard)
        await database_sync_to_async(deactivate)()
        closed = await socket.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": CLOSE_ACCESS_ENDED}

    _run(scenario)


def test_an_alarm_after_a_lost_role_is_not_delivered(
    org, person, django_capture_on_commit_callbacks
):
    """Even when no access message arrived, the next alarm is checked against current roles."""
    guard, teacher, s01 = person("s01.guard"), person("s01.teacher"), org("s01")

    def lose_role_quietly_then_raise():
        Membership.objects.active().filter(user=guard).update(ended_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            alarms.raise_alarm(actor=teacher, school=s01, kind="fire")

    async def scenario():
        feed = await _open(AlarmConsumer, "/ws/alarms/", guard)
        await database_sync_to_async(lose_role_quietly_then_raise)()
        closed = await feed.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": CLOSE_ACCESS_ENDED}

    _run(scenario)


def test_a_responder_still_hears_the_alarm(org, person, django_capture_on_commit_callbacks):
    officer, teacher, s01 = person("s01.officer"), person("s01.teacher"), org("s01")

    def raise_one():
        with django_capture_on_commit_callbacks(execute=True):
            return alarms.raise_alarm(actor=teacher, school=s01, kind="fire")

    async def scenario():
        feed = await _open(AlarmConsumer, "/ws/alarms/", officer)
        alarm = await database_sync_to_async(raise_one)()
        message = await _json(feed)
        assert (message["id"], message["event"]) == (alarm.pk, "raised")
        await feed.send_input({"type": "websocket.disconnect", "code": 1000})
        await feed.wait(timeout=3)

    _run(scenario)


@pytest.mark.parametrize(
    ("consumer", "path"),
    [(AlarmConsumer, "/ws/alarms/"), (NotificationConsumer, "/ws/notifications/")],
    ids=["alarm-feed", "bell"],
)
def test_a_socket_waits_for_the_second_factor(consumer, path, person, settings):
    """A bureau session that gave its password but not its code hears nothing."""
    settings.SAFECAMPUS_REQUIRE_TWO_FACTOR = True
    inspector = person("bureau.inspector")

    async def scenario():
        scope = {
            "type": "websocket",
            "path": path,
            "headers": [],
            "subprotocols": [],
            "user": inspector,
            "session": {},
        }
        socket = ApplicationCommunicator(consumer.as_asgi(), scope)
        await socket.send_input({"type": "websocket.connect"})
        closed = await socket.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": 4401}

    _run(scenario)
