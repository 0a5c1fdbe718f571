"""Pages and the alarm feed: what a page opened during an alarm is sent, forms that keep what
was typed when refused, and creates that a replayed phone queue does not repeat."""

import uuid

import pytest

from safecampus.core.models import Zone
from safecampus.emergencies.consumers import _orgs_and_pending
from safecampus.emergencies.models import Drill, EmergencyPlan, Incident
from safecampus.emergencies.services import alarms

pytestmark = pytest.mark.django_db


def test_a_page_opened_during_an_alarm_is_sent_it_until_acknowledged(org, person):
    s01 = org("s01")
    alarm = alarms.raise_alarm(actor=person("s01.guard"), school=s01, kind="intrusion")
    officer = person("s01.officer")
    groups, pending = _orgs_and_pending(officer)
    assert groups == [s01.pk]
    assert [m["id"] for m in pending] == [alarm.pk]
    _groups, pending = _orgs_and_pending(person("police.liaison"))
    assert alarm.pk in [m["id"] for m in pending]
    # Not to the guard who raised it, nor to another school's officer, nor to a teacher.
    assert alarm.pk not in [m["id"] for m in _orgs_and_pending(person("s01.guard"))[1]]
    assert alarm.pk not in [m["id"] for m in _orgs_and_pending(person("s02.officer"))[1]]
    assert _orgs_and_pending(person("s01.teacher")) == ([], [])
    alarms.acknowledge(alarm=alarm, actor=officer)
    assert alarm.pk not in [m["id"] for m in _orgs_and_pending(officer)[1]]


def test_a_refused_plan_keeps_what_was_typed(org, login):
    s01 = org("s01")
    before = EmergencyPlan.objects.filter(school=s01).count()
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/emergencies/plans/new/",
        {"kind": "fire", "title": "实验楼火灾预案", "roles": "先关闭电源\n再疏散"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请先写角色" in page
    assert "实验楼火灾预案" in page and "先关闭电源" in page
    assert EmergencyPlan.objects.filter(school=s01).count() == before


def test_a_refused_drill_run_keeps_the_counts(org, login, person):
    from datetime import timedelta

    from django.utils import timezone

    from safecampus.emergencies.services import drills

    s01 = org("s01")
    day = timezone.localdate() - timedelta(days=1)
    drill = drills.plan_drill(
        actor=person("s01.officer"), school=s01, kind="fire", planned_on=day, scenario="演练",
        classes=[("一班", 40)],
    )  # fmt: skip
    row = drill.classes.get()
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/emergencies/drills/{drill.pk}/run/",
        {
            "started_at": f"{day}T10:05",
            "alarm_at": f"{day}T10:00",  # before the start
            "evacuated_at": f"{day}T10:09",
            f"present_{row.pk}": "38",
            f"missing_{row.pk}": "两人在医务室",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "两人在医务室" in page and 'value="38"' in page
    assert Drill.objects.get(pk=drill.pk).status == "planned"


def test_replayed_api_creates_make_nothing_twice(org, login):
    s01 = org("s01")
    client = login("s01.officer")
    key = str(uuid.uuid4())
    incident = {
        "kind": "fire", "occurred_at": "2026-11-20T08:05:00+08:00", "place": "实验室",
        "description": "冒烟", "client_uuid": key,
    }  # fmt: skip
    first = client.post(f"/api/v1/schools/{s01.pk}/incidents", incident, "application/json")
    again = client.post(f"/api/v1/schools/{s01.pk}/incidents", incident, "application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Incident.objects.filter(client_uuid=key).count() == 1
    drill = {"kind": "fire", "planned_on": "2026-12-01", "scenario": "演练", "client_uuid": key}
    first = client.post(f"/api/v1/schools/{s01.pk}/drills", drill, "application/json")
    again = client.post(f"/api/v1/schools/{s01.pk}/drills", drill, "application/json")
    assert first.json()["id"] == again.json()["id"]
    assert Drill.objects.filter(client_uuid=key).count() == 1
    alarm = {"kind": "medical", "client_uuid": key}
    first = client.post(f"/api/v1/schools/{s01.pk}/alarms", alarm, "application/json")
    again = client.post(f"/api/v1/schools/{s01.pk}/alarms", alarm, "application/json")
    assert first.json()["id"] == again.json()["id"]


def test_the_bureau_sees_the_school_behind(org, login):
    page = login("bureau.inspector").get(f"/orgs/{org('demo-district').pk}/emergencies/")
    html = page.content.decode()
    assert 'data-school="s04" data-behind="1"' in html
    assert 'data-school="s01" data-behind="0"' in html


def test_an_alarm_is_placed_by_its_zone_full_path(org, person, login):
    s01 = org("s01")
    floor = Zone.objects.get(school=s01, name="1楼", parent__name="教学楼B")
    alarm = alarms.raise_alarm(actor=person("s01.guard"), school=s01, kind="fire", zone=floor)
    page = login("s01.officer").get(alarm.get_absolute_url()).content.decode()
    assert "教学楼B › 1楼" in page
    _groups, pending = _orgs_and_pending(person("s01.officer"))
    assert [m["place"] for m in pending if m["id"] == alarm.pk] == ["教学楼B › 1楼"]
