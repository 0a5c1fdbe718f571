"""Alarms: raising (by people, by hardware boxes with their own key), the 1-3-5 stages, plan
checklists, and false alarms that stay on record."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Notification, Zone
from safecampus.emergencies.models import (
    Alarm,
    AlarmStatus,
    EmergencyPlan,
    Stage,
    StageState,
    StepCheck,
)
from safecampus.emergencies.services import alarms, devices

pytestmark = pytest.mark.django_db

DEVICE_URL = "/api/v1/device/alarms"


def _device(org, person, code="s01"):
    school = org(code)
    zone = Zone.objects.filter(school=school).order_by("pk").first()
    device, key = devices.add_device(
        actor=person(f"{code}.officer"), school=school, name="门卫室报警盒", zone=zone
    )
    return device, key


def _post(client, key, body):
    return client.post(DEVICE_URL, body, content_type="application/json", HTTP_X_DEVICE_KEY=key)


def test_a_device_raises_an_alarm_for_its_own_school(org, person, client):
    device, key = _device(org, person)
    s01 = org("s01")
    response = _post(client, key, {"school_id": s01.pk, "kind": "intrusion"})
    assert response.status_code == 201, response.content
    alarm = Alarm.objects.get(pk=response.json()["id"])
    assert (alarm.school, alarm.device, alarm.zone) == (s01, device, device.zone)
    assert alarm.raised_by is None
    # The responders, the bureau and the police liaison are told.
    told = set(
        Notification.objects.filter(
            kind="alarm.raised", url__contains=f"/alarms/{alarm.pk}/"
        ).values_list("user__username", flat=True)
    )
    assert {"s01.officer", "s01.guard", "bureau.admin", "police.liaison"} <= told
    assert "s02.officer" not in told and "s01.teacher" not in told


def test_a_device_of_one_school_cannot_raise_an_alarm_for_another(org, person, client):
    _unused, key = _device(org, person)
    before = Alarm.objects.count()
    response = _post(client, key, {"school_id": org("s02").pk, "kind": "fire"})
    assert response.status_code == 403
    # Nor with a zone of the other school under its own school's id.
    other_zone = Zone.objects.filter(school=org("s02")).first()
    response = _post(
        client, key, {"school_id": org("s01").pk, "kind": "fire", "zone_id": other_zone.pk}
    )
    assert response.status_code == 403
    assert Alarm.objects.count() == before


def test_a_revoked_or_unknown_key_is_refused(org, person, client):
    device, key = _device(org, person)
    devices.revoke_device(actor=person("s01.officer"), device=device)
    before = Alarm.objects.count()
    assert _post(client, key, {"school_id": org("s01").pk, "kind": "fire"}).status_code == 403
    assert (
        _post(client, "dev_nonsense", {"school_id": org("s01").pk, "kind": "fire"}).status_code
        == 401
    )
    assert _post(client, "", {"school_id": org("s01").pk, "kind": "fire"}).status_code == 401
    assert Alarm.objects.count() == before


def test_a_device_key_is_stored_only_as_a_hash(org, person):
    device, key = _device(org, person)
    assert key not in (device.key_hash, device.prefix)
    assert device.key_hash == device.hash_key(key)


def test_the_same_client_uuid_raises_one_alarm(org, person):
    guard, s01 = person("s01.guard"), org("s01")
    key = uuid.uuid4()
    first = alarms.raise_alarm(actor=guard, school=s01, kind="medical", client_uuid=key)
    again = alarms.raise_alarm(actor=guard, school=s01, kind="medical", client_uuid=key)
    assert first.pk == again.pk
    assert Alarm.objects.filter(client_uuid=key).count() == 1


def test_police_liaison_cannot_raise_but_answers_as_reinforcement(org, person):
    s01 = org("s01")
    with pytest.raises(PermissionRefused):
        alarms.raise_alarm(actor=person("police.liaison"), school=s01, kind="fire")
    alarm = alarms.raise_alarm(actor=person("s01.teacher"), school=s01, kind="stampede")
    alarms.respond(alarm=alarm, actor=person("s01.guard"), arrived=True)
    alarms.respond(alarm=alarm, actor=person("police.liaison"), arrived=True)
    alarm.refresh_from_db()
    assert alarm.mutual_rescue_at is not None
    assert alarm.reinforcement_at is not None
    assert alarm.reinforcement_at >= alarm.mutual_rescue_at
    states = {stage: state for stage, _d, _at, state in alarm.stages()}
    assert states[Stage.MUTUAL_RESCUE] == StageState.MET
    assert states[Stage.REINFORCEMENT] == StageState.MET
    assert states[Stage.SELF_RESCUE] == StageState.PENDING


def test_stages_are_judged_against_1_3_5_minutes(org, person):
    alarm = alarms.raise_alarm(actor=person("s01.guard"), school=org("s01"), kind="intrusion")
    t0 = alarm.raised_at
    alarm.self_rescue_at = t0 + timedelta(seconds=60)  # on the dot: met
    alarm.mutual_rescue_at = t0 + timedelta(seconds=181)  # a second late: missed
    states = [state for _s, _d, _at, state in alarm.stages(now=t0 + timedelta(minutes=4))]
    assert states == [StageState.MET, StageState.MISSED, StageState.PENDING]
    states = [state for _s, _d, _at, state in alarm.stages(now=t0 + timedelta(seconds=301))]
    assert states[2] == StageState.MISSED


def test_a_closed_alarm_judges_its_stages_at_its_closing_time(org, person, login):
    """A stage still running when the alarm was closed was never due: not missed, however
    late the page is read. One whose deadline had passed unreached by then stays missed."""
    officer = person("s01.officer")
    alarm = alarms.raise_alarm(actor=person("s01.guard"), school=org("s01"), kind="intrusion")
    t0 = alarm.raised_at
    alarm.self_rescue_at = t0 + timedelta(seconds=30)
    alarm.save(update_fields=["self_rescue_at"])
    alarms.close(alarm=alarm, actor=officer, note="处置完毕")
    alarm.refresh_from_db()
    # Closed two minutes in: mutual rescue (3 min) and reinforcement (5 min) were not due.
    alarm.closed_at = t0 + timedelta(minutes=2)
    read_later = t0 + timedelta(hours=1)
    states = [state for _s, _d, _at, state in alarm.stages(now=read_later)]
    assert states == [StageState.MET, None, None]
    # Closed four minutes in: mutual rescue had been missed, reinforcement was not due yet.
    alarm.closed_at = t0 + timedelta(minutes=4)
    states = [state for _s, _d, _at, state in alarm.stages(now=read_later)]
    assert states == [StageState.MET, StageState.MISSED, None]
    # The API and the page read the same verdicts.
    alarm.save(update_fields=["closed_at"])
    detail = login("s01.officer").get(f"/api/v1/alarms/{alarm.pk}").json()
    assert [s["state"] for s in detail["stages"]] == ["met", "missed", None]


def test_self_rescue_needs_a_note_and_is_recorded_once(org, person):
    guard = person("s01.guard")
    alarm = alarms.raise_alarm(actor=guard, school=org("s01"), kind="intrusion")
    with pytest.raises(DomainError):
        alarms.record_self_rescue(alarm=alarm, actor=guard, note="  ")
    alarms.record_self_rescue(alarm=alarm, actor=guard, note="关闭校门")
    with pytest.raises(DomainError):
        alarms.record_self_rescue(alarm=alarm, actor=guard, note="又一次")
    alarm.refresh_from_db()
    assert alarm.self_rescue_note == "关闭校门"


def test_a_cancelled_false_alarm_is_kept_and_counted(org, person, login):
    guard, s01 = person("s01.guard"), org("s01")
    alarm = alarms.raise_alarm(actor=guard, school=s01, kind="fire")
    with pytest.raises(DomainError):
        alarms.close(alarm=alarm, actor=guard, false_alarm=True, note="")
    # The raiser may cancel their own pocket press; a teacher may not close it.
    with pytest.raises(PermissionRefused):
        alarms.close(alarm=alarm, actor=person("s01.teacher"), note="x")
    alarms.close(alarm=alarm, actor=guard, false_alarm=True, note="误触")
    alarm.refresh_from_db()
    assert alarm.status == AlarmStatus.CANCELLED
    assert all(state is None for _s, _d, _at, state in alarm.stages())
    with pytest.raises(DomainError):
        alarms.respond(alarm=alarm, actor=person("s01.officer"), arrived=True)
    page = login("s01.officer").get(f"/schools/{s01.pk}/emergencies/").content.decode()
    assert f"/alarms/{alarm.pk}/" in page
    cancelled = Alarm.objects.filter(school=s01, status=AlarmStatus.CANCELLED).count()
    api = login("s01.officer").get("/api/v1/alarms", {"school_id": s01.pk, "status": "cancelled"})
    assert api.json()["count"] == cancelled


def test_an_activated_plan_gives_each_role_a_checklist(org, person, login):
    s01, officer, guard = org("s01"), person("s01.officer"), person("s01.guard")
    alarm = alarms.raise_alarm(actor=guard, school=s01, kind="intrusion")
    plan = EmergencyPlan.objects.filter(school=s01, kind="intrusion").first()
    activation = alarms.activate_plan(alarm=alarm, actor=officer, plan=plan)
    step = plan.roles.first().steps.first()
    alarms.check_step(activation=activation, step_id=step.pk, actor=guard)
    alarms.check_step(activation=activation, step_id=step.pk, actor=officer)  # once only
    check = StepCheck.objects.get(activation=activation)
    assert check.done_by == guard
    other = EmergencyPlan.objects.filter(school=org("s02")).first()
    with pytest.raises(DomainError):
        alarms.check_step(
            activation=activation, step_id=other.roles.first().steps.first().pk, actor=guard
        )
    page = login("s01.officer").get(f"/schools/{s01.pk}/emergencies/alarms/{alarm.pk}/")
    assert 'id="checklist"' in page.content.decode()
    assert step.text in page.content.decode()


def test_the_home_page_shows_the_alarm_button_to_guards_and_teachers(login, org):
    for username in ("s01.guard", "s01.teacher"):
        page = login(username).get("/").content.decode()
        assert 'id="alarm-button"' in page
        assert page.count('name="kind"') == 5
    assert 'id="alarm-button"' not in login("bureau.admin").get("/").content.decode()


def test_responders_pages_carry_the_alarm_feed(login):
    for username in ("s01.officer", "s01.guard", "bureau.admin", "police.liaison"):
        assert 'id="alarm-banner"' in login(username).get("/").content.decode(), username
    assert 'id="alarm-banner"' not in login("s01.teacher").get("/").content.decode()


def test_raising_from_the_page_redirects_to_the_alarm(org, login):
    s01 = org("s01")
    response = login("s01.guard").post(
        f"/schools/{s01.pk}/emergencies/alarm/", {"kind": "medical", "place": "操场"}
    )
    alarm = Alarm.objects.filter(school=s01).order_by("-pk").first()
    assert response.status_code == 302
    assert response["Location"] == f"/schools/{s01.pk}/emergencies/alarms/{alarm.pk}/"
    assert (alarm.kind, alarm.place) == ("medical", "操场")
    assert alarm.raised_at <= timezone.now()


def test_a_client_uuid_used_at_another_school_is_refused(org, person):
    key = uuid.uuid4()
    alarms.raise_alarm(actor=person("s01.guard"), school=org("s01"), kind="fire", client_uuid=key)
    with pytest.raises(DomainError):
        alarms.raise_alarm(
            actor=person("s02.guard"), school=org("s02"), kind="fire", client_uuid=key
        )
    assert not Alarm.objects.filter(school=org("s02"), client_uuid=key).exists()
