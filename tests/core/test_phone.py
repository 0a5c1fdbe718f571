"""The phone app: the manifest and service worker as a phone fetches them, and every page form
the offline queue replays (hazard report, check, visitor in and out, drill head counts): a
second send of the same client UUID creates nothing, a refusal comes back with its reason.
(Patrol scans go to their API, whose replays tests/patrols/test_scans.py covers.)"""

import json
import uuid
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from safecampus.core.views.phone import static_version
from safecampus.emergencies.models import Drill
from safecampus.emergencies.services import drills
from safecampus.gate.models import Visit, VisitStatus
from safecampus.hazards.models import Hazard
from safecampus.inspections.models import Inspection, ItemKind, Outcome
from safecampus.inspections.services.templates import current_version
from tests.helpers import png

pytestmark = pytest.mark.django_db

QUEUE = {"HTTP_X_SAFECAMPUS_QUEUE": "1"}


def send(client, url, data):
    return client.post(url, data, **QUEUE)


def test_the_service_worker_is_served_for_the_whole_site_and_never_kept_stale():
    response = Client().get("/sw.js")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert f'"version": "{static_version()}"' in body
    assert "/static/js/queue.js" in body and '"/offline/"' in body


def test_the_service_worker_version_changes_with_a_static_file(settings, tmp_path):
    extra = tmp_path / "static"
    extra.mkdir()
    (extra / "probe.css").write_text("a{}")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, extra]
    finders.get_finder.cache_clear()
    try:
        before = static_version()
        (extra / "probe.css").write_text("a{color:red}")
        assert static_version() != before
    finally:
        finders.get_finder.cache_clear()


def test_the_manifest_opens_the_home_page_with_icons_that_exist():
    response = Client().get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["start_url"].startswith("/") and data["scope"] == "/"
    assert data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_every_page_names_the_manifest_the_apple_icon_and_the_queue(login):
    page = login("s01.guard").get("/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert 'rel="apple-touch-icon"' in page and "apple-mobile-web-app-capable" in page
    assert 'id="queue-badge"' in page and 'id="queue-strings"' in page
    assert 'data-sw="/sw.js"' in page


def test_the_offline_and_queue_pages_open_without_login_and_hold_no_data():
    for url in ("/offline/", "/phone/queue/"):
        response = Client().get(url)
        assert response.status_code == 200
    assert 'id="queue-list"' in Client().get("/phone/queue/").content.decode()


def test_field_task_pages_are_marked_for_the_phone_to_keep(org, login):
    s01 = org("s01")
    page = login("s01.officer").get(f"/schools/{s01.pk}/hazards/new/")
    assert page["X-SafeCampus-Offline"] == "keep"
    assert 'data-queue="' in page.content.decode()
    # The installed app opens on the home page: it too opens without signal.
    assert login("s01.officer").get("/?source=app")["X-SafeCampus-Offline"] == "keep"


def _report(key, **extra):
    return {
        "place": "东楼三楼楼梯",
        "category": "structure",
        "description": "扶手松动",
        "source": "report",
        "client_uuid": key,
        "photos": png("stairs.png"),
        **extra,
    }


def test_a_queued_hazard_report_sent_twice_is_one_hazard_found_on_the_phones_day(org, login):
    s01 = org("s01")
    client = login("s01.teacher")
    key = str(uuid.uuid4())
    yesterday = timezone.now() - timedelta(days=1)
    url = f"/schools/{s01.pk}/hazards/new/"
    first = send(client, url, _report(key, recorded_at=yesterday.isoformat()))
    again = send(client, url, _report(key, recorded_at=yesterday.isoformat()))
    assert first.status_code == again.status_code == 200
    assert first.json()["ok"] is True
    assert first.json()["location"] == again.json()["location"]
    hazard = Hazard.objects.get(client_uuid=key)
    assert hazard.found_on == timezone.localdate(yesterday)
    assert hazard.events.get(action="report").photos.count() == 1


def test_a_queued_hazard_report_refused_comes_back_with_the_forms_reason(org, login):
    s01 = org("s01")
    key = str(uuid.uuid4())
    response = send(login("s01.teacher"), f"/schools/{s01.pk}/hazards/new/", _report(key, place=""))
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Hazard.objects.filter(client_uuid=key).exists()


def test_a_queued_report_to_a_school_out_of_reach_is_refused_404(org, login):
    s02 = org("s02")
    response = send(login("s01.teacher"), f"/schools/{s02.pk}/hazards/new/", _report("x"))
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_logged_out_phone_is_told_to_log_in_and_its_item_waits(org):
    s01 = org("s01")
    response = send(Client(), f"/schools/{s01.pk}/hazards/new/", _report(str(uuid.uuid4())))
    assert response.status_code == 401


def _duty_check(school):
    from safecampus.inspections.models import ChecklistTemplate

    template = ChecklistTemplate.objects.get(school=school, library_key="duty_teacher_daily")
    items = list(current_version(template).items.all())
    answers = {}
    for item in items:
        if item.kind == ItemKind.PASS_FAIL:
            answers[f"outcome_{item.pk}"] = Outcome.PASS
        elif item.kind in (ItemKind.TEXT, ItemKind.NUMBER):
            answers[f"text_{item.pk}"] = "好"
    return template, items, answers


def test_a_queued_check_sent_twice_is_one_check(org, login):
    s01 = org("s01")
    template, _items, answers = _duty_check(s01)
    client = login("s01.officer")
    key = str(uuid.uuid4())
    url = f"/schools/{s01.pk}/checks/checklists/{template.pk}/run/?zone="
    data = {**answers, "client_uuid": key, "device_time": timezone.now().isoformat()}
    first, again = send(client, url, data), send(client, url, data)
    assert (first.status_code, again.status_code) == (200, 200), first.content[:300]
    assert Inspection.objects.filter(client_uuid=key).count() == 1


def test_a_queued_check_with_answers_missing_is_refused_with_the_reason(org, login):
    s01 = org("s01")
    template, _items, _answers = _duty_check(s01)
    key = str(uuid.uuid4())
    response = send(
        login("s01.officer"),
        f"/schools/{s01.pk}/checks/checklists/{template.pk}/run/?zone=",
        {"client_uuid": key},
    )
    assert response.status_code == 422
    assert response.json()["detail"]
    assert not Inspection.objects.filter(client_uuid=key).exists()


def test_a_queued_visitor_check_in_and_out_each_happen_once(org, login, person):
    s01 = org("s01")
    client = login("s01.guard")
    key = str(uuid.uuid4())
    data = {"name": "离线访客", "id_type": "resident", "purpose": "送货", "walk_in": "on"}
    url = f"/schools/{s01.pk}/gate/visits/new/"
    first = send(client, url, {**data, "client_uuid": key})
    again = send(client, url, {**data, "client_uuid": key})
    assert (first.status_code, again.status_code) == (200, 200), first.content[:300]
    visit = Visit.objects.get(client_uuid=key)
    assert visit.status == VisitStatus.ON_CAMPUS
    out_url = f"/schools/{s01.pk}/gate/visits/{visit.pk}/check-out/"
    left_at = timezone.now() - timedelta(minutes=3)
    out = {"confirmed": "1", "client_uuid": str(uuid.uuid4()), "recorded_at": left_at.isoformat()}
    assert send(client, out_url, out).status_code == 200
    visit.refresh_from_db()
    checked_out_at = visit.checked_out_at
    assert visit.status == VisitStatus.LEFT
    assert abs((checked_out_at - max(left_at, visit.checked_in_at)).total_seconds()) < 1
    # Sent again (the answer was lost on the way back): accepted, nothing changes.
    assert send(client, out_url, out).json()["ok"] is True
    visit.refresh_from_db()
    assert visit.checked_out_at == checked_out_at


def test_a_check_out_from_the_page_of_a_visitor_already_gone_is_still_refused(org, login):
    s01 = org("s01")
    client = login("s01.guard")
    data = {"name": "页面访客", "id_type": "resident", "purpose": "送货", "walk_in": "on"}
    key = str(uuid.uuid4())
    client.post(f"/schools/{s01.pk}/gate/visits/new/", {**data, "client_uuid": key})
    visit = Visit.objects.get(client_uuid=key)
    out_url = f"/schools/{s01.pk}/gate/visits/{visit.pk}/check-out/"
    client.post(out_url, {"confirmed": "1"})
    response = send(client, out_url, {"confirmed": "1"})
    assert response.status_code == 422
    assert response.json()["detail"]


def _drill(org, person):
    day = timezone.localdate() - timedelta(days=1)
    drill = drills.plan_drill(
        actor=person("s01.officer"), school=org("s01"), kind="fire", planned_on=day,
        scenario="离线演练", classes=[("一班", 40)],
    )  # fmt: skip
    return drill, drill.classes.get(), day


def _run(day, row, present, key):
    return {
        "started_at": f"{day}T10:00",
        "alarm_at": f"{day}T10:01",
        "evacuated_at": f"{day}T10:05",
        f"present_{row.pk}": str(present),
        f"missing_{row.pk}": "",
        "problems": "东门楼梯拥堵",
        "problem_place": "东门",
        "client_uuid": key,
    }


def test_queued_drill_head_counts_sent_twice_are_recorded_once(org, login, person):
    drill, row, day = _drill(org, person)
    client = login("s01.officer")
    key = str(uuid.uuid4())
    url = f"/schools/{drill.school_id}/emergencies/drills/{drill.pk}/run/"
    hazards_before = Hazard.objects.count()
    first = send(client, url, _run(day, row, 39, key))
    again = send(client, url, _run(day, row, 39, key))
    assert (first.status_code, again.status_code) == (200, 200), again.content[:300]
    drill.refresh_from_db()
    assert drill.status != "planned"
    assert drill.classes.get().present == 39
    assert Hazard.objects.count() == hazards_before + 1  # the one problem, not two


def test_queued_drill_head_counts_beyond_the_class_are_refused_with_the_reason(org, login, person):
    drill, row, day = _drill(org, person)
    response = send(
        login("s01.officer"),
        f"/schools/{drill.school_id}/emergencies/drills/{drill.pk}/run/",
        _run(day, row, 41, str(uuid.uuid4())),
    )
    assert response.status_code == 422
    assert "40" in response.json()["detail"]
    assert Drill.objects.get(pk=drill.pk).status == "planned"
