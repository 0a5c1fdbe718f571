"""What the people of a school see of its buses: the demo's rules at work on the drivers page
with their source, an alerted trip on the home page and the trips list, the attendant's phone
page with its buttons, and a bad form that keeps what was typed."""

import io
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.transport.models import Driver, Trip, TripMark, TripStatus
from tests.transport.helpers import route_with_riders, students_of

pytestmark = pytest.mark.django_db


def test_the_drivers_page_names_the_rule_and_the_overdue_driver(login, org):
    school = org("s01")
    page = login("s01.officer").get(f"/schools/{school.pk}/transport/drivers/").content.decode()
    assert "校车安全管理条例 §20" in page
    assert "年度审验已逾期" in page
    assert Driver.objects.get(school=school, name="冯师傅").id_number not in page


def test_a_trip_with_a_child_unaccounted_for_is_on_the_home_page(login, org):
    school = org("s01")
    trip = Trip.objects.filter(school=school, alerted_at__isnull=False).first()
    Trip.objects.filter(pk=trip.pk).update(status=TripStatus.UNACCOUNTED)
    home = login("s01.officer").get("/").content.decode()
    assert "有学生下落未确认的校车趟次" in home
    listed = login("s01.officer").get(f"/schools/{school.pk}/transport/trips/?status=unaccounted")
    assert trip.get_absolute_url() in listed.content.decode()


def test_the_attendant_sees_on_and_off_buttons_and_others_do_not(login):
    route = route_with_riders(riders=1, attendant="s01.teacher2")
    client = login("s01.teacher2")
    start = client.post(
        f"/schools/{route.school_id}/transport/routes/{route.pk}/start/",
        {"direction": "to_school"},
    )
    trip = Trip.objects.get(route=route)
    assert start["Location"] == trip.get_absolute_url()
    page = client.get(trip.get_absolute_url()).content.decode()
    assert "mark-board" in page and "end-trip" in page
    leader_page = login("s01.principal").get(trip.get_absolute_url()).content.decode()
    assert "mark-board" in page and "mark-board" in leader_page  # a leader may stand in
    assert login("s01.headteacher").get(trip.get_absolute_url()).status_code == 404


def test_taps_queued_without_signal_are_replayed_once_at_the_phones_time(login):
    """The trip page is kept for offline use; a tap the phone's queue sends twice (with the
    time it was made) is one mark, at that time."""
    route = route_with_riders(riders=1, attendant="s01.teacher2")
    client = login("s01.teacher2")
    client.post(
        f"/schools/{route.school_id}/transport/routes/{route.pk}/start/",
        {"direction": "to_school"},
    )
    trip = Trip.objects.get(route=route)
    page = client.get(trip.get_absolute_url())
    assert page.headers.get("X-SafeCampus-Offline") == "keep"
    assert "data-queue" in page.content.decode()
    tapped = timezone.now().replace(microsecond=0) - timedelta(minutes=20)
    tap = {
        "student": students_of(route)[0].pk,
        "kind": "board",
        "client_uuid": str(uuid.uuid4()),
        "recorded_at": tapped.isoformat(),
    }
    url = f"{trip.get_absolute_url()}mark/"
    for _ in range(2):
        response = client.post(url, tap, HTTP_X_SAFECAMPUS_QUEUE="1")
        assert response.status_code == 200 and response.json()["ok"]
    marks = TripMark.objects.filter(trip=trip)
    assert marks.count() == 1 and marks.get().at == tapped


def test_a_bad_driver_keeps_what_was_typed(login, org):
    school = org("s01")
    response = login("s01.officer").post(
        f"/schools/{school.pk}/transport/drivers/new/",
        {
            "name": "新司机",
            "id_number": "990101198001011234",
            "licensed_on": "2010-01-01",
            "reexamined_on": "2026-01-01",
            "background_checked_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "身份证号码无效" in page and 'value="新司机"' in page
    assert not Driver.objects.filter(name="新司机").exists()


def test_the_trips_ledger_has_a_row_per_trip(login, org):
    school = org("s01")
    response = login("s01.officer").get(f"/schools/{school.pk}/transport/trips.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row - 1 == Trip.objects.filter(school=school).count()
    assert "东线" in {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
