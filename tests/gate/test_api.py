"""The gate API: creates with client UUIDs (a replay returns the first row, 200), the watchlist
hold, masking, and refusals."""

import uuid

import pytest
from django.utils import timezone

from safecampus.gate.models import Visit
from safecampus.gate.services import watchlist

pytestmark = pytest.mark.django_db

A = "/api/v1"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_register_is_idempotent_and_masks(org, login, person):
    school = org("s01")
    guard = login("s01.guard")
    key = str(uuid.uuid4())
    data = {
        "name": "接口访客",
        "purpose": "送货",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "host_id": person("s01.teacher").pk,
        "client_uuid": key,
    }
    first = _post(guard, f"{A}/schools/{school.pk}/visits", data)
    again = _post(guard, f"{A}/schools/{school.pk}/visits", data)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["status"] == "on_campus"
    assert first.json()["id_number_masked"] == "110105********002X"
    assert "11010519491231002X" not in first.content.decode()
    assert Visit.objects.filter(client_uuid=key).count() == 1
    out = _post(guard, f"{A}/visits/{first.json()['id']}/check-out", {})
    assert out.json()["status"] == "left"


def test_a_watchlist_match_answers_held_and_override_needs_a_reason(org, login, person):
    watchlist.add_entry(
        actor=person("police.liaison"),
        org=org("demo-district"),
        name="接口名单",
        phone="19700001234",
        reason="r",
    )
    guard = login("s01.guard")
    held = _post(
        guard,
        f"{A}/schools/{org('s01').pk}/visits",
        {"name": "接口名单", "phone": "19700001234", "purpose": "x"},
    ).json()
    assert held["status"] == "held" and held["watchlist_match"]
    blank = _post(guard, f"{A}/visits/{held['id']}/override", {"reason": ""})
    assert blank.status_code == 400
    ok = _post(guard, f"{A}/visits/{held['id']}/override", {"reason": "民警到场"})
    assert ok.json()["status"] == "on_campus"


def test_a_bad_id_number_is_a_400_and_a_teacher_gets_403(org, login):
    school = org("s01")
    bad = _post(
        login("s01.guard"),
        f"{A}/schools/{school.pk}/visits",
        {"name": "x", "purpose": "y", "id_number": "110105194912310021"},
    )
    assert bad.status_code == 400
    refused = _post(
        login("s01.teacher"), f"{A}/schools/{school.pk}/visits", {"name": "x", "purpose": "y"}
    )
    assert refused.status_code == 403


def test_invite_then_check_in_by_pass(org, login):
    school = org("s01")
    visit = _post(
        login("s01.teacher"),
        f"{A}/schools/{school.pk}/visits/invite",
        {"name": "预约", "purpose": "家访", "expected_on": timezone.localdate().isoformat()},
    ).json()
    code = login("s01.teacher").get(f"{A}/visits/{visit['id']}/pass").json()["code"]
    arrived = _post(login("s01.guard"), f"{A}/schools/{school.pk}/visits/by-pass", {"code": code})
    assert arrived.json()["status"] == "on_campus"


def test_pickup_hand_over_and_refusal_by_api(org, login):
    school = org("s03")
    guard = login("s03.guard")
    students = guard.get(f"{A}/schools/{school.pk}/not-picked-up").json()["items"]
    child = students[0]["id"]
    persons = guard.get(f"{A}/schools/{school.pk}/students/{child}/pickup-persons").json()
    assert "*" in persons[0]["phone_masked"]
    refused = _post(
        guard, f"{A}/schools/{school.pk}/students/{child}/refuse-pickup", {"claimed_name": "某"}
    )
    assert refused.json()["outcome"] == "refused"
    key = str(uuid.uuid4())
    body = {"person_id": persons[0]["id"], "client_uuid": key}
    first = _post(guard, f"{A}/schools/{school.pk}/students/{child}/hand-over", body)
    again = _post(guard, f"{A}/schools/{school.pk}/students/{child}/hand-over", body)
    assert (first.status_code, again.status_code) == (201, 200)
    other = _post(
        guard,
        f"{A}/schools/{school.pk}/students/{child}/hand-over",
        {"person_id": persons[0]["id"]},
    )
    assert other.status_code == 400  # the day is closed


def test_exit_permit_issue_and_use_by_api(org, login, person):
    from safecampus.students.models import Student

    school = org("s01")
    student = Student.objects.filter(
        school=school, school_class__head_teacher=person("s01.headteacher")
    ).first()
    key = str(uuid.uuid4())
    body = {
        "student_id": student.pk,
        "reason": "看病",
        "leave_from": timezone.now().isoformat(),
        "client_uuid": key,
    }
    head = login("s01.headteacher")
    first = _post(head, f"{A}/schools/{school.pk}/exit-permits", body)
    again = _post(head, f"{A}/schools/{school.pk}/exit-permits", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["usable_now"]
    out = _post(login("s01.guard"), f"{A}/exit-permits/{first.json()['id']}/out", {})
    assert out.json()["status"] == "out"
    assert _post(head, f"{A}/exit-permits/{first.json()['id']}/out", {}).status_code == 403


def test_confiscation_and_duty_by_api(org, login):
    school = org("s01")
    guard = login("s01.guard")
    key = str(uuid.uuid4())
    body = {
        "kind": "lighter",
        "item": "打火机",
        "place": "门口",
        "handling": "kept",
        "client_uuid": key,
    }
    first = _post(guard, f"{A}/schools/{school.pk}/confiscations", body)
    again = _post(guard, f"{A}/schools/{school.pk}/confiscations", body)
    assert (first.status_code, again.status_code) == (201, 200)
    day = "2026-01-05"
    data = {
        "day": day,
        "session": "arrival",
        "guards": 2,
        "teachers": 1,
        "police": 1,
        "barriers": True,
    }
    assert _post(guard, f"{A}/schools/{school.pk}/duty", data).status_code == 201
    assert _post(guard, f"{A}/schools/{school.pk}/duty", data).status_code == 200


def test_bureau_counts_by_api(org, login):
    rows = (
        login("police.liaison")
        .get(f"{A}/orgs/{org('demo-district').pk}/gate-counts?start=2026-09-01&end=2026-11-30")
        .json()
    )
    assert {r["school"] for r in rows} >= {"城南实验小学", "城南第一幼儿园"}
    assert all("visits" in r and "duty_with_police" in r for r in rows)


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("s01.guard", "s02", 404),  # a sibling school: not found, never refused
        ("bureau.admin", "s02", 403),  # in scope, but the bureau does not work the gate
        ("police.liaison", "s01", 403),
        ("s01.teacher", "s01", 403),
    ],
)
def test_gate_writes_outside_a_role_or_scope_change_nothing(username, code, status, org, login):
    school = org(code)
    before = Visit.objects.count()
    client = login(username)
    for url, body in (
        (f"{A}/schools/{school.pk}/visits", {"name": "x", "purpose": "y"}),
        (
            f"{A}/schools/{school.pk}/duty",
            {
                "day": "2026-01-05",
                "session": "arrival",
                "guards": 1,
                "teachers": 1,
                "police": 0,
                "barriers": False,
            },
        ),
    ):
        assert _post(client, url, body).status_code == status, url
    assert Visit.objects.count() == before


def test_a_visit_is_registered_without_a_host(org, login):
    school = org("s01")
    response = _post(
        login("s01.guard"),
        f"{A}/schools/{school.pk}/visits",
        {"name": "家长", "purpose": "送忘带的作业"},
    )
    assert response.status_code == 201
    assert response.json()["host_id"] is None and response.json()["status"] == "on_campus"
