"""Scanning a round: batches replayed from a phone, refusals, the phone's time, problems that
become exactly one hazard, and rounds made and closed on time."""

import base64
import uuid
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Org, User
from safecampus.core.services.zones import create_zone, move_zone
from safecampus.hazards.models import Hazard, HazardEvent, Source
from safecampus.patrols import queries, services
from safecampus.patrols.models import Checkpoint, Round, RoundStatus, Scan, WindowKind
from safecampus.patrols.rounds import close_due_rounds, ensure_rounds, window_times
from tests.helpers import image_bytes
from tests.patrols.helpers import open_round

pytestmark = pytest.mark.django_db
API = "/api/v1/patrol-scans"


def item(round_, **fields):
    return {"client_uuid": str(uuid.uuid4()), "round_id": round_.pk, **fields}


def send(client, items):
    response = client.post(API, {"scans": items}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_replayed_batch_creates_nothing_twice(login):
    round_, cps = open_round()
    client = login("s01.guard")
    batch = [item(round_, code=c.code.lower()) for c in cps[:3]]
    first = send(client, batch)
    assert [r["ok"] for r in first] == [True, True, True]
    counts = Scan.objects.count(), AuditEvent.objects.count()
    again = send(client, batch)
    assert [r["scan_id"] for r in again] == [r["scan_id"] for r in first]
    assert (Scan.objects.count(), AuditEvent.objects.count()) == counts
    round_.refresh_from_db()
    assert round_.status == RoundStatus.IN_PROGRESS
    assert round_.visited_count == 3
    assert round_.guard == User.objects.get(username="s01.guard")


def test_the_last_checkpoint_completes_the_round(login):
    round_, cps = open_round()
    results = send(login("s01.guard"), [item(round_, code=c.code) for c in cps])
    assert results[-1]["round_status"] == RoundStatus.DONE
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DONE and round_.closed_at is not None


def test_the_phone_time_is_kept_beside_the_server_time(login):
    round_, cps = open_round()
    phone = timezone.now() - timedelta(minutes=3)
    [result] = send(
        login("s01.guard"), [item(round_, code=cps[0].code, recorded_at=phone.isoformat())]
    )
    scan = Scan.objects.get(pk=result["scan_id"])
    assert scan.recorded_at == phone
    assert scan.scanned_at == phone
    assert scan.received_at > phone + timedelta(minutes=2)


def test_a_phone_clock_far_ahead_is_not_believed_but_kept(login):
    round_, cps = open_round()
    phone = timezone.now() + timedelta(days=2)
    [result] = send(
        login("s01.guard"), [item(round_, code=cps[0].code, recorded_at=phone.isoformat())]
    )
    scan = Scan.objects.get(pk=result["scan_id"])
    assert scan.recorded_at == phone
    assert scan.scanned_at == scan.received_at


def test_a_label_of_another_school_is_refused_by_name(login):
    round_, _cps = open_round()
    foreign = Checkpoint.objects.filter(school__code="s02").first()
    before = Scan.objects.count()
    [result] = send(login("s01.guard"), [item(round_, qr=foreign.qr_text)])
    assert result["ok"] is False
    assert "另一所学校" in result["detail"] or "another school" in result["detail"]
    assert Scan.objects.count() == before


def test_a_checkpoint_not_on_the_route_is_refused_by_name(login):
    round_, cps = open_round()
    other = (
        Checkpoint.objects.filter(school__code="s01").exclude(pk__in=[c.pk for c in cps]).first()
    )
    before = Scan.objects.count()
    [by_code, by_qr] = send(
        login("s01.guard"), [item(round_, code=other.code), item(round_, qr=other.qr_text)]
    )
    assert not by_code["ok"] and not by_qr["ok"]
    assert other.code in by_code["detail"] and other.code in by_qr["detail"]
    assert Scan.objects.count() == before


def test_unknown_codes_foreign_qr_texts_and_replaced_labels_are_refused(login):
    round_, cps = open_round()
    old_text = cps[0].qr_text
    services.renew_label(actor=User.objects.get(username="s01.officer"), checkpoint=cps[0])
    results = send(
        login("s01.guard"),
        [
            item(round_, code="ZZ9"),
            item(round_, qr="https://example.com/not-ours"),
            item(round_, qr=old_text),
            item(round_, qr=f"SCP1:{round_.school_id}:{cps[1].token}"),
        ],
    )
    assert [r["ok"] for r in results] == [False, False, False, True]
    assert len({r["detail"] for r in results[:3]}) == 3


def test_one_refused_scan_does_not_stop_the_rest_of_the_batch(login):
    round_, cps = open_round()
    results = send(login("s01.guard"), [item(round_, code="NOPE"), item(round_, code=cps[0].code)])
    assert [r["ok"] for r in results] == [False, True]


def _photo():
    jpeg = image_bytes("JPEG", size=(40, 30))
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()


def test_something_wrong_makes_exactly_one_hazard_even_when_replayed(login):
    round_, cps = open_round()
    client = login("s01.guard")
    problem = item(
        round_,
        code=cps[1].code,
        problem=True,
        note="围墙铁丝网松脱",
        category="public_security",
        photo=_photo(),
    )
    before = Hazard.objects.count()
    [first] = send(client, [problem])
    [again] = send(client, [problem])
    assert first["ok"] and again["ok"]
    assert first["hazard_id"] == again["hazard_id"] is not None
    assert Hazard.objects.count() == before + 1
    hazard = Hazard.objects.get(pk=first["hazard_id"])
    assert hazard.source == Source.PATROL
    assert hazard.zone == cps[1].zone
    assert hazard.description == "围墙铁丝网松脱"
    assert hazard.reporter.username == "s01.guard"
    assert hazard.origin_url == f"/schools/{round_.school_id}/patrols/rounds/{round_.pk}/"
    assert round_.route.name in hazard.origin_label
    scan = Scan.objects.get(pk=first["scan_id"])
    assert HazardEvent.objects.filter(hazard=hazard, photos=scan.photo).exists()
    round_.refresh_from_db()
    assert round_.problem_count == 1


def test_something_wrong_needs_a_note(login):
    round_, cps = open_round()
    before = Hazard.objects.count(), Scan.objects.count()
    [result] = send(login("s01.guard"), [item(round_, code=cps[0].code, problem=True)])
    assert not result["ok"]
    assert (Hazard.objects.count(), Scan.objects.count()) == before


def test_a_teacher_cannot_scan(login):
    round_, cps = open_round()
    [result] = send(login("s01.teacher"), [item(round_, code=cps[0].code)])
    assert not result["ok"]
    assert not Scan.objects.filter(round=round_).exists()


def test_a_uuid_used_in_another_round_is_refused(login):
    round_, cps = open_round()
    other, other_cps = open_round(name="第二条路线")
    client = login("s01.guard")
    first = item(round_, code=cps[0].code)
    send(client, [first])
    [result] = send(client, [{**first, "round_id": other.pk, "code": other_cps[0].code}])
    assert not result["ok"]
    assert not Scan.objects.filter(round=other).exists()


def test_the_page_form_without_javascript_records_a_scan(login):
    round_, cps = open_round()
    client = login("s01.guard")
    url = f"/schools/{round_.school_id}/patrols/rounds/{round_.pk}/scan/"
    data = {"client_uuid": str(uuid.uuid4()), "code": cps[0].code, "category": "other"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit
    assert Scan.objects.filter(round=round_).count() == 1
    refused = client.post(url, {**data, "client_uuid": str(uuid.uuid4()), "code": "NOPE"})
    assert refused.status_code == 400
    assert "NOPE" in refused.content.decode()


def test_a_round_completed_by_the_phones_queue_offers_no_start_and_refuses_one(login):
    round_, cps = open_round()
    client = login("s01.guard")
    page = round_.get_absolute_url()
    assert 'id="start-round"' in client.get(page).content.decode()
    assert 'id="start-round"' in client.get(page + "?part=sheet").content.decode()
    # Scans that waited on the phone arrive without anyone pressing Start: the first starts the
    # round, and the sheet the page fetches after them no longer offers Start.
    send(client, [item(round_, code=cps[0].code)])
    assert 'id="start-round"' not in client.get(page + "?part=sheet").content.decode()
    send(client, [item(round_, code=c.code) for c in cps[1:]])
    assert 'id="start-round"' not in client.get(page + "?part=sheet").content.decode()
    assert 'id="start-round"' not in client.get(page).content.decode()

    round_.refresh_from_db()
    assert round_.status == RoundStatus.DONE
    before = list(Round.objects.filter(pk=round_.pk).values()), AuditEvent.objects.count()
    start = f"/schools/{round_.school_id}/patrols/rounds/{round_.pk}/start/"
    answer = client.post(start, follow=True).content.decode()
    assert "本次巡查已完成，无需再开始。" in answer
    api = client.post(f"/api/v1/patrol-rounds/{round_.pk}/start")
    assert api.status_code == 400 and "已完成" in api.json()["detail"]
    assert (list(Round.objects.filter(pk=round_.pk).values()), AuditEvent.objects.count()) == before


def test_a_round_not_open_yet_says_when_it_opens_instead_of_offering_start(login):
    round_, _cps = open_round()
    later = timezone.now() + timedelta(hours=2)
    Round.objects.filter(pk=round_.pk).update(
        starts_at=later, ends_at=later + timedelta(minutes=40), closes_at=later + timedelta(hours=1)
    )
    page = login("s01.guard").get(round_.get_absolute_url()).content.decode()
    opens = timezone.localtime(later - timedelta(minutes=round_.tolerance_minutes))
    assert 'id="start-round"' not in page
    assert 'id="start-note"' in page and f"{opens:%H:%M}" in page


def test_rounds_today_lists_the_guards_rounds_in_time_order():
    round_, _cps = open_round()
    guard = User.objects.get(username="s01.guard")
    rounds = list(queries.rounds_today(guard))
    assert round_ in rounds
    assert [r.starts_at for r in rounds] == sorted(r.starts_at for r in rounds)
    assert round_ not in list(queries.rounds_today(User.objects.get(username="s01.teacher")))
    assert round_ not in list(queries.rounds_today(User.objects.get(username="s02.guard")))


# Making and closing rounds -------------------------------------------------------------------


def test_making_rounds_twice_makes_each_once():
    school = Org.objects.get(code="s08")
    start, end = date(2026, 9, 1), date(2026, 9, 30)
    ensure_rounds(school, start, end)
    count = Round.objects.filter(school=school, date__range=(start, end)).count()
    assert ensure_rounds(school, start, end) == 0
    assert Round.objects.filter(school=school, date__range=(start, end)).count() == count > 0


def test_school_day_routes_skip_holidays_and_weekends_and_dormitory_rounds_do_not():
    from safecampus.core.queries import SchoolCalendar

    school = Org.objects.get(code="s08")
    start, end = date(2026, 9, 28), date(2026, 10, 8)  # the National Day holiday
    Round.objects.filter(school=school, date__range=(start, end)).delete()
    ensure_rounds(school, start, end)
    calendar = SchoolCalendar(school, start, end)
    for r in Round.objects.filter(school=school, date__range=(start, end)).select_related("route"):
        assert r.route.every_day or calendar.is_school_day(r.date)
    dorm_days = set(
        Round.objects.filter(
            school=school, date__range=(start, end), route__every_day=True
        ).values_list("date", flat=True)
    )
    assert dorm_days == {start + timedelta(days=i) for i in range(11)}


def test_a_night_window_past_midnight_ends_the_next_day_in_school_time():
    from safecampus.patrols.models import RouteWindow

    window = RouteWindow(kind=WindowKind.NIGHT, start=time(23, 50), end=time(0, 30))
    starts, ends = window_times(date(2026, 12, 31), window)
    assert timezone.localtime(starts).isoformat() == "2026-12-31T23:50:00+08:00"
    assert timezone.localtime(ends).isoformat() == "2027-01-01T00:30:00+08:00"
    assert (ends - starts) == timedelta(minutes=40)


def test_rounds_not_started_are_missed_after_their_window_and_started_ones_close():
    round_, cps = open_round()
    started, _ = open_round(name="已开始")
    services.record_scan(
        actor=User.objects.get(username="s01.guard"),
        round=started,
        client_uuid=uuid.uuid4(),
        code=cps[0].code,
    )
    close_due_rounds(now=round_.ends_at + timedelta(minutes=5))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCHEDULED  # still within the tolerance
    close_due_rounds(now=round_.ends_at + timedelta(minutes=11))
    round_.refresh_from_db()
    started.refresh_from_db()
    assert round_.status == RoundStatus.MISSED
    assert started.status == RoundStatus.IN_PROGRESS  # may go on until its late limit
    close_due_rounds(now=started.closes_at + timedelta(minutes=1))
    started.refresh_from_db()
    assert started.status == RoundStatus.INCOMPLETE
    assert started.visited_count == 1
    assert close_due_rounds(now=started.closes_at + timedelta(minutes=2)) == 0


def test_a_missed_round_cannot_be_started_late():
    round_, cps = open_round()
    Round.objects.filter(pk=round_.pk).update(
        starts_at=round_.starts_at - timedelta(hours=2), ends_at=round_.ends_at - timedelta(hours=2)
    )
    round_.refresh_from_db()
    with pytest.raises(DomainError):
        services.record_scan(
            actor=User.objects.get(username="s01.guard"),
            round=round_,
            client_uuid=uuid.uuid4(),
            code=cps[0].code,
        )


def test_the_periodic_task_is_registered_and_running_it_twice_changes_nothing_more():
    from safecampus.core.schedule import REGISTRY
    from safecampus.patrols.rounds import make_and_close

    assert "patrol_rounds" in {entry.name for entry in REGISTRY}
    make_and_close()
    rounds = list(Round.objects.order_by("pk").values_list("pk", "status"))
    make_and_close()
    assert list(Round.objects.order_by("pk").values_list("pk", "status")) == rounds


def test_the_round_page_names_each_checkpoint_by_its_zone_full_path(login):
    round_, cps = open_round()
    officer = User.objects.get(username="s01.officer")
    building = create_zone(actor=officer, school=round_.school, name="巡查楼", kind="building")
    move_zone(actor=officer, zone=cps[0].zone, parent=building)
    page = login("s01.guard").get(round_.get_absolute_url()).content.decode()
    assert f"巡查楼 › {cps[0].zone.name}" in page
