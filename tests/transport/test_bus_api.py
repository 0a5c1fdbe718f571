"""The roll call over the API, as an attendant's phone sends it: a replayed tap answers 200
with the first mark, an overloaded boarding is a 400 that changes nothing, a bad number a 422."""

import uuid

import pytest

from safecampus.transport.models import TripMark
from tests.transport.helpers import route_with_riders, students_of

pytestmark = pytest.mark.django_db


def test_a_phone_runs_a_trip_over_the_api(login):
    route = route_with_riders(seats=1, riders=2, attendant="s01.teacher2")
    client = login("s01.teacher2")
    started = client.post(
        f"/api/v1/schools/{route.school_id}/bus-routes/{route.pk}/trips",
        {"direction": "to_school", "client_uuid": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert started.status_code == 201
    trip_id = started.json()["id"]
    first, second = students_of(route)
    tap = {"student_id": first.pk, "kind": "board", "client_uuid": str(uuid.uuid4())}
    url = f"/api/v1/bus-trips/{trip_id}/marks"
    assert client.post(url, tap, content_type="application/json").status_code == 201
    assert client.post(url, tap, content_type="application/json").status_code == 200
    over = client.post(
        url,
        {"student_id": second.pk, "kind": "board", "client_uuid": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert over.status_code == 400
    assert TripMark.objects.filter(trip_id=trip_id).count() == 1
    bad = client.post(url, {"student_id": 2**40, "kind": "board"}, content_type="application/json")
    assert bad.status_code == 422
    ended = client.post(f"/api/v1/bus-trips/{trip_id}/end", content_type="application/json")
    assert ended.json()["status"] == "unaccounted"
    roll = client.get(f"/api/v1/bus-trips/{trip_id}").json()["roll"]
    assert {r["student_id"]: r["state"] for r in roll}[first.pk] == "on_board"
