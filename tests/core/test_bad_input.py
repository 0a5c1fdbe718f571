"""Bad input found by fuzzing the API answers a clear 4xx and changes nothing: never a 500."""

import uuid

import pytest

from safecampus.core.models import AuditEvent
from safecampus.gate.models import DutyLog

pytestmark = pytest.mark.django_db
A = "/api/v1"


def _json(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_body_sent_as_multipart_without_its_boundary_is_400(login, org):
    school = org("s01")
    before = AuditEvent.objects.count()
    response = login("s01.guard").post(
        f"{A}/schools/{school.pk}/confiscations",
        data=b"--x\r\n",
        content_type="multipart/form-data",
    )
    assert response.status_code in (400, 422), response.content[:200]
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "url",
    [
        "/zones?school_id=99999999999999999999",
        "/zones/99999999999999999999",
        "/hazards/99999999999999999999",
        "/schools/99999999999999999999/visits",
    ],
)
def test_an_id_beyond_the_integer_range_is_not_a_server_error(url, login):
    response = login("bureau.admin").get(A + url)
    assert response.status_code in (400, 404, 422), response.content[:200]


def test_negative_companions_are_refused_by_the_schema(login, org):
    school = org("s01")
    body = {"name": "访客", "purpose": "送货", "companions": -1}
    response = _json(login("s01.officer"), f"{A}/schools/{school.pk}/visits/invite", body)
    assert response.status_code == 422


def test_a_drill_class_of_absurd_size_is_refused(login, org):
    school = org("s01")
    body = {
        "kind": "fire",
        "planned_on": "2026-12-20",
        "scenario": "教学楼火灾",
        "classes": [{"label": "一年级1班", "expected": 10**19}],
    }
    response = _json(login("s01.officer"), f"{A}/schools/{school.pk}/drills", body)
    assert response.status_code in (400, 422), response.content[:200]


def test_a_duty_record_id_reused_for_another_day_is_refused(login, org):
    school = org("s01")
    guard = login("s01.guard")
    key = str(uuid.uuid4())
    data = {"day": "2026-01-05", "session": "arrival", "guards": 2, "teachers": 1, "police": 0}
    data["barriers"] = True
    first = _json(guard, f"{A}/schools/{school.pk}/duty", {**data, "client_uuid": key})
    assert first.status_code == 201
    other_day = {**data, "day": "2026-01-06", "client_uuid": key}
    refused = _json(guard, f"{A}/schools/{school.pk}/duty", other_day)
    assert refused.status_code == 400
    assert not DutyLog.objects.filter(school=school, day="2026-01-06").exists()
