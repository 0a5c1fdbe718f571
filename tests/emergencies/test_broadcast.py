"""The lockdown broadcast (issue 20, point 5): an alarm raised at a school sends every open
page of the school's people the instructions for its kind, kept as rule rows (the school's
bureau's own wording over the default); a page opened during the alarm gets it too; closing the
alarm takes the banner down. The bureau's people are not the school's screens."""

import json

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async

from safecampus.emergencies import broadcast
from safecampus.emergencies.consumers import BroadcastConsumer
from safecampus.emergencies.models import AlarmKind, BroadcastRule
from safecampus.emergencies.services import alarms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_transaction(monkeypatch):
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


async def _open(user):
    scope = {"type": "websocket", "path": "/ws/broadcasts/", "headers": [], "subprotocols": []}
    socket = ApplicationCommunicator(BroadcastConsumer.as_asgi(), {**scope, "user": user})
    await socket.send_input({"type": "websocket.connect"})
    assert (await socket.receive_output(timeout=3))["type"] == "websocket.accept"
    return socket


async def _json(socket):
    output = await socket.receive_output(timeout=3)
    assert output["type"] == "websocket.send", output
    return json.loads(output["text"])


def test_the_instructions_are_the_nearest_rule_rows(org):
    school = org("s01")
    default = broadcast.instructions_for(school, AlarmKind.INTRUSION)
    assert default.org_id is None and "锁好教室门" in default.message
    BroadcastRule.objects.create(
        org=school.parent, kind=AlarmKind.INTRUSION, message="本区口令：关门、熄灯、静默。"
    )
    assert broadcast.instructions_for(school, AlarmKind.INTRUSION).message.startswith("本区口令")
    assert broadcast.instructions_for(org("s02"), AlarmKind.FIRE).org_id is None


def test_every_open_page_of_the_school_shows_the_banner_until_the_alarm_closes(
    org, person, django_capture_on_commit_callbacks
):
    school = org("s01")
    teacher, guard, principal = person("s01.teacher"), person("s01.guard"), person("s01.principal")

    def raise_it():
        with django_capture_on_commit_callbacks(execute=True):
            return alarms.raise_alarm(school=school, kind=AlarmKind.INTRUSION, actor=guard)

    def close_it(alarm):
        with django_capture_on_commit_callbacks(execute=True):
            alarms.close(alarm=alarm, actor=principal, note="已处置")

    async def scenario():
        page = await _open(teacher)
        other_school = await _open(person("s02.teacher"))
        bureau = await _open(person("bureau.admin"))
        alarm = await database_sync_to_async(raise_it)()
        shown = await _json(page)
        assert shown["event"] == "raised" and shown["alarm"] == alarm.pk
        assert "锁好教室门" in shown["text"] and shown["source"]
        assert await other_school.receive_nothing(timeout=0.3)
        assert await bureau.receive_nothing(timeout=0.3)
        # A page opened now is sent the banner of the alarm still active.
        late = await _open(teacher)
        assert (await _json(late))["alarm"] == alarm.pk
        await database_sync_to_async(close_it)(alarm)
        assert (await _json(page))["event"] == "closed"

    async_to_sync(scenario)()


def test_a_bureau_writes_its_own_instructions_and_its_schools_follow(org, login):
    school, district = org("s01"), org("s01").parent
    client = login("bureau.admin")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = f"/orgs/{district.pk}/broadcast-rules/"
    page = client.get(url).content.decode()
    assert "锁好教室门" in page  # the default in force, shown to edit
    data = {f"kind_{k}": broadcast.instructions_for(district, k).message for k in AlarmKind.values}
    data |= {"kind_intrusion": "关门熄灯，静默待援。", "source": "区应急预案2026版"}
    assert client.post(url, data).status_code == 302
    rule = broadcast.instructions_for(school, AlarmKind.INTRUSION)
    assert (rule.org_id, rule.message, rule.source) == (
        district.pk,
        "关门熄灯，静默待援。",
        "区应急预案2026版",
    )
    # The kinds left as they were are not copied: they follow the default still.
    assert broadcast.instructions_for(school, AlarmKind.FIRE).org_id is None
    empty = client.post(url, {**data, "kind_fire": "  "})
    assert empty.status_code == 200 and BroadcastRule.objects.filter(org=district).count() == 1
    # A principal may not change them.
    assert login("s01.principal").get(f"/orgs/{school.pk}/broadcast-rules/").status_code == 403
