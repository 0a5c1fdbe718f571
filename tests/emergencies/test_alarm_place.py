"""Where an alarm is: placed first at the zone of the raiser's post, changed with one tap, named
by its full path on the page, in the lists, the messages and the banner's feed; an API caller
naming a zone that is not the school's is told so (400), and nothing is raised."""

import pytest

from safecampus.core.models import Notification, Post, PostKind, Zone
from safecampus.core.services import posts as post_services
from safecampus.emergencies import queries
from safecampus.emergencies.consumers import _orgs_and_pending
from safecampus.emergencies.models import Alarm
from safecampus.emergencies.realtime import alarm_message
from safecampus.emergencies.services import alarms

pytestmark = pytest.mark.django_db


def _zone(school, path):
    return Zone.objects.get(school=school, path_name=path)


def test_a_guards_post_stands_at_the_gatehouse(org, person):
    s01 = org("s01")
    assert queries.post_zone(user=person("s01.guard"), school=s01) == _zone(s01, "门卫室")
    # The principal moves about: no post zone, no default.
    assert queries.post_zone(user=person("s01.principal"), school=s01) is None
    # Another school's post says nothing about this one.
    assert queries.post_zone(user=person("s01.guard"), school=org("s02")) is None


def test_an_ended_post_no_longer_places_the_alarm(org, person):
    s01, guard = org("s01"), person("s01.guard")
    assignment = guard.post_assignments.get(post__kind=PostKind.GUARD, ended_at__isnull=True)
    post_services.end_assignment(actor=person("s01.officer"), assignment=assignment)
    assert queries.post_zone(user=guard, school=s01) is None


def test_the_home_button_starts_at_the_post_zone_and_names_zones_by_path(org, login):
    page = login("s01.guard").get("/").content.decode()
    gatehouse = _zone(org("s01"), "门卫室")
    assert f'<option value="{gatehouse.pk}" selected>门卫室</option>' in page
    assert ">教学楼B › 1楼</option>" in page
    assert 'name="zone" id="alarm-zone"' in page
    assert page.count('name="kind"') == 5


def test_the_raise_page_asks_where_not_for_a_hazard_spot(org, login):
    s01 = org("s01")
    page = login("s01.guard").get(f"/schools/{s01.pk}/emergencies/alarm/").content.decode()
    gatehouse = _zone(s01, "门卫室")
    assert f'<option value="{gatehouse.pk}" selected>门卫室</option>' in page
    assert ">教学楼A › 2楼</option>" in page
    assert "地点" in page and "具体位置（选填）" in page
    assert "隐患部位" not in page


def test_one_tap_on_the_list_places_the_alarm_elsewhere(org, person, login):
    s01 = org("s01")
    floor = _zone(s01, "教学楼B › 2楼")
    response = login("s01.guard").post(
        f"/schools/{s01.pk}/emergencies/alarm/", {"kind": "fire", "zone": floor.pk}
    )
    alarm = Alarm.objects.filter(school=s01).latest("pk")
    assert response.status_code == 302
    assert alarm.zone == floor and alarm.where == "教学楼B › 2楼"
    page = login("s01.officer").get(alarm.get_absolute_url()).content.decode()
    assert "教学楼B › 2楼" in page
    titles = Notification.objects.filter(kind="alarm.raised", url=alarm.get_absolute_url())
    assert all("教学楼B › 2楼" in n.title for n in titles)
    assert titles.exists()


def test_a_zone_of_another_school_is_refused_by_the_page(org, login):
    s01 = org("s01")
    foreign = Zone.objects.filter(school=org("s02")).first()
    before = Alarm.objects.count()
    response = login("s01.guard").post(
        f"/schools/{s01.pk}/emergencies/alarm/", {"kind": "fire", "zone": foreign.pk}
    )
    assert response.status_code == 200
    assert Alarm.objects.count() == before


def test_the_place_is_the_zone_path_and_the_words_added(org, person):
    s01 = org("s01")
    alarm = alarms.raise_alarm(
        actor=person("s01.teacher"),
        school=s01,
        kind="medical",
        zone=_zone(s01, "教学楼A › 3楼"),
        place="东侧楼梯口",
    )
    assert alarm.where == "教学楼A › 3楼 · 东侧楼梯口"
    assert alarm_message(alarm, "raised")["place"] == "教学楼A › 3楼 · 东侧楼梯口"
    _groups, pending = _orgs_and_pending(person("s01.officer"))
    assert [m["place"] for m in pending if m["id"] == alarm.pk] == ["教学楼A › 3楼 · 东侧楼梯口"]


def test_the_lists_name_the_place(org, person, login):
    s01 = org("s01")
    alarm = alarms.raise_alarm(
        actor=person("s01.guard"), school=s01, kind="fire", zone=_zone(s01, "食堂 › 操作间")
    )
    school_list = login("s01.officer").get(f"/schools/{s01.pk}/emergencies/").content.decode()
    assert "食堂 › 操作间" in school_list
    bureau = login("bureau.admin").get(f"/orgs/{org('demo-district').pk}/emergencies/")
    html = bureau.content.decode()
    assert f'{alarm.get_absolute_url()}">城南实验小学 · 火灾 · 食堂 › 操作间' in html


def _api_raise(client, school, body):
    return client.post(f"/api/v1/schools/{school.pk}/alarms", body, "application/json")


def test_the_api_places_an_alarm_at_the_post_zone_unless_told(org, login):
    s01 = org("s01")
    client = login("s01.guard")
    placed = _api_raise(client, s01, {"kind": "intrusion"})
    assert placed.status_code == 201
    assert placed.json()["zone_id"] == _zone(s01, "门卫室").pk
    nowhere = _api_raise(client, s01, {"kind": "intrusion", "zone_id": None})
    assert nowhere.status_code == 201 and nowhere.json()["zone_id"] is None
    floor = _zone(s01, "教学楼A › 1楼")
    chosen = _api_raise(client, s01, {"kind": "fire", "zone_id": floor.pk})
    assert chosen.status_code == 201 and chosen.json()["zone_id"] == floor.pk


@pytest.mark.parametrize("which", ["another school's", "no zone at all"])
def test_the_api_refuses_a_zone_that_is_not_the_schools(org, login, which):
    s01 = org("s01")
    zone_id = Zone.objects.filter(school=org("s02")).first().pk if "another" in which else 10**9
    before = Alarm.objects.count()
    response = _api_raise(login("s01.guard"), s01, {"kind": "fire", "zone_id": zone_id})
    assert response.status_code == 400
    assert response.json() == {"detail": "请选择本校的区域。"}
    assert Alarm.objects.count() == before


def test_a_post_names_only_a_zone_of_its_own_school(org, person):
    from safecampus.core.errors import DomainError

    s01 = org("s01")
    post = Post.objects.get(school=s01, kind=PostKind.GUARD)
    with pytest.raises(DomainError):
        post_services.update_post(
            actor=person("s01.officer"),
            post=post,
            name=post.name,
            kind=post.kind,
            duties=post.duties,
            zone=Zone.objects.filter(school=org("s02")).first(),
        )
    post.refresh_from_db()
    assert post.zone == _zone(s01, "门卫室")


def test_the_post_form_sets_where_the_post_stands(org, login):
    s01 = org("s01")
    post = Post.objects.get(school=s01, kind=PostKind.GUARD)
    gate = _zone(s01, "南大门")
    client = login("s01.officer")
    form = client.get(f"/schools/{s01.pk}/posts/{post.pk}/edit/").content.decode()
    assert f'<option value="{post.zone_id}" selected>门卫室</option>' in form
    response = client.post(
        f"/schools/{s01.pk}/posts/{post.pk}/edit/",
        {"name": post.name, "kind": post.kind, "duties": post.duties, "zone": gate.pk},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.zone == gate
    assert "南大门" in client.get(f"/schools/{s01.pk}/posts/{post.pk}/").content.decode()


def test_a_waiting_responder_is_sent_the_newest_alarm_first(org, person):
    s01, s02 = org("s01"), org("s02")
    older = alarms.raise_alarm(actor=person("s01.guard"), school=s01, kind="fire")
    newer = alarms.raise_alarm(actor=person("s02.guard"), school=s02, kind="medical")
    newest = alarms.raise_alarm(actor=person("s01.teacher"), school=s01, kind="intrusion")
    Alarm.objects.filter(pk=older.pk).update(raised_at=newest.raised_at.replace(year=2020))
    _groups, pending = _orgs_and_pending(person("bureau.admin"))
    ids = [m["id"] for m in pending]
    assert ids.index(newest.pk) < ids.index(newer.pk) < ids.index(older.pk)
