"""An anonymous report stays anonymous: s01's teacher reports a hazard through the page with a
photo and ticks "anonymous"; afterwards nothing the system shows or stores about that hazard
(pages, audit trail, inbox, export, API, database rows) names the teacher.

The teacher's name may appear elsewhere on a page for other reasons (as the responsible person
of another hazard, in a people picker, in the audit rows of their other actions); each check
looks at what is about this hazard, and pickers are left out of the page checks.
"""

import io
import json
import re
import uuid
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.core.models import Attachment, AuditEvent, Notification, Org, User
from safecampus.hazards import services
from safecampus.hazards.exports import COLUMNS
from safecampus.hazards.models import Grade, Hazard, HazardEvent, Status
from tests.helpers import png

pytestmark = pytest.mark.django_db

PLACE = "匿名测试：实验楼后门"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def teacher(person):
    return person("s01.teacher")


def names_of(user):
    return (user.display_name, user.username)


def assert_nameless(text, user, where):
    for name in names_of(user):
        assert name not in text, f"{where} names {user.username} ({name!r})"


def without_pickers(page):
    """The page without its <select> pickers (which list every member of the school)."""
    return re.sub(r"<select.*?</select>", "", page, flags=re.DOTALL)


@pytest.fixture
def report(org, teacher, login):
    """The anonymous report, made through the page; returns (hazard, the request's effects)."""
    s01 = org("s01")
    audit_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    notes_before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = login("s01.teacher").post(
        f"/schools/{s01.pk}/hazards/new/",
        {
            "place": PLACE,
            "category": "laboratory",
            "description": "后门常开，危化品储存室无人看管",
            "source": "self_inspection",
            "anonymous": "on",
            "client_uuid": str(uuid.uuid4()),
            "photos": png("back-door.png"),
        },
    )
    assert response.status_code == 200
    hazard = Hazard.objects.get(place=PLACE)
    assert hazard.tracking_code in response.content.decode()
    return hazard, {
        "audit": AuditEvent.objects.filter(pk__gt=audit_before or 0),
        "notifications": Notification.objects.filter(pk__gt=notes_before or 0),
    }


def progress(hazard):
    """The school takes it on: the officer confirms it and gives it to the head teacher."""
    officer = User.objects.get(username="s01.officer")
    services.confirm(actor=officer, hazard=hazard, grade=Grade.GENERAL, note="已核实")
    services.assign(
        actor=officer,
        hazard=hazard,
        responsible_person=User.objects.get(username="s01.headteacher"),
        responsible_unit="总务处",
        measures="加装闭门器，门禁刷卡",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    return Hazard.objects.get(pk=hazard.pk)


@pytest.fixture(params=["just_reported", "in_rectification"])
def hazard(request, report):
    hazard, _effects = report
    return progress(hazard) if request.param == "in_rectification" else hazard


# What is stored ----------------------------------------------------------------------------------


def test_the_hazard_and_its_photo_keep_no_link_to_the_teacher(report, teacher):
    hazard, effects = report
    assert hazard.anonymous and hazard.reporter is None
    assert not Hazard.objects.filter(pk=hazard.pk, reporter=teacher).exists()
    (event,) = HazardEvent.objects.filter(hazard=hazard)
    assert (event.action, event.actor) == ("report", None)
    (photo,) = event.photos.all()
    assert photo.uploaded_by is None
    assert not Attachment.objects.filter(pk=photo.pk, uploaded_by=teacher).exists()
    assert teacher.display_name not in photo.file.name and teacher.username not in photo.file.name
    # The audit events and notifications the report wrote.
    (audit,) = effects["audit"]
    assert (audit.action, audit.actor, audit.actor_name) == ("hazard.report", None, "")
    assert audit.object_id == str(hazard.pk)
    assert_nameless(json.dumps(audit.changes, ensure_ascii=False), teacher, "the audit changes")
    assert_nameless(audit.object_repr, teacher, "the audit object")
    notes = list(effects["notifications"])
    assert {n.user.username for n in notes} >= {"s01.officer"}
    assert teacher not in {n.user for n in notes}
    for note in notes:
        assert_nameless(note.title + note.body, teacher, "a notification")


def test_nothing_later_in_the_hazards_life_names_the_teacher(report, teacher):
    hazard = progress(report[0])
    rows = AuditEvent.objects.filter(object_type="hazards.hazard", object_id=str(hazard.pk))
    assert rows.count() == 3
    assert not rows.filter(actor=teacher).exists()
    for row in rows:
        assert_nameless(row.actor_name + json.dumps(row.changes, ensure_ascii=False), teacher, "")
    assert not HazardEvent.objects.filter(hazard=hazard, actor=teacher).exists()
    url = f"/schools/{hazard.school_id}/hazards/{hazard.pk}/"
    assert not Notification.objects.filter(url=url, user=teacher).exists()


# Pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["s01.officer", "s01.principal", "bureau.admin"])
def test_the_detail_page_says_anonymous_and_names_nobody_as_reporter(
    viewer, hazard, teacher, login
):
    response = login(viewer).get(f"/schools/{hazard.school_id}/hazards/{hazard.pk}/", **EN)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "anonymous report" in page
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    assert "anonymous</span>" in timeline  # the report step's actor
    assert "reported by" not in page
    assert_nameless(without_pickers(page), teacher, f"the detail page for {viewer}")


def test_the_ledger_row_names_nobody(hazard, teacher, login):
    response = login("s01.officer").get(f"/schools/{hazard.school_id}/hazards/", {"q": PLACE})
    page = unescape(response.content.decode())
    rows = re.findall(
        rf'<a class="list-group-item[^"]*" href="/schools/{hazard.school_id}/hazards/'
        rf'{hazard.pk}/">(.*?)</a>',
        page,
        flags=re.DOTALL,
    )
    assert len(rows) == 1
    assert_nameless(rows[0], teacher, "the ledger row")
    # Nor does asking for the teacher's hazards find it.
    by_teacher = login("s01.officer").get(
        f"/schools/{hazard.school_id}/hazards/", {"responsible": teacher.pk, "q": PLACE}
    )
    assert f"/hazards/{hazard.pk}/" not in by_teacher.content.decode()


@pytest.mark.parametrize("viewer", ["s01.principal", "s01.officer", "bureau.admin"])
def test_the_audit_trail_rows_of_the_hazard_name_nobody(viewer, hazard, teacher, login):
    url = f"/orgs/{hazard.school_id}/audit/"
    client = login(viewer)
    page = unescape(client.get(url).content.decode())
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL) if f"#{hazard.pk} " in r]
    assert rows, "the hazard's events are on the first page of the audit trail"
    assert any("—" in r for r in rows)  # the report event: no person
    for row in rows:
        assert_nameless(row, teacher, "an audit row of the hazard")
    # Filtering the trail by the teacher does not turn it up.
    by_teacher = client.get(url, {"actor": teacher.pk})
    assert by_teacher.status_code == 200
    assert f"#{hazard.pk} " not in by_teacher.content.decode()


def test_the_officers_inbox_names_nobody(hazard, teacher, login):
    page = unescape(login("s01.officer").get("/notifications/").content.decode())
    rows = page.split('id="inbox-rows"')[1]
    link = f'href="/schools/{hazard.school_id}/hazards/{hazard.pk}/"'
    assert link in rows
    assert_nameless(rows, teacher, "the officer's inbox")


def test_the_teacher_cannot_find_the_report_again(hazard, teacher, login):
    client = login("s01.teacher")
    assert client.get(f"/schools/{hazard.school_id}/hazards/{hazard.pk}/").status_code == 404
    mine = client.get(f"/schools/{hazard.school_id}/hazards/mine/").content.decode()
    assert PLACE not in mine
    assert client.get(f"/api/v1/hazards/{hazard.pk}").status_code == 404
    assert client.get("/api/v1/hazards", {"q": PLACE}).json()["items"] == []


# Export and API ------------------------------------------------------------------------------


def test_the_export_row_names_nobody(hazard, teacher, login):
    response = login("s01.officer").get(f"/schools/{hazard.school_id}/hazards/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    place = COLUMNS.index("隐患部位")
    mine = [row for row in rows[1:] if row[place] and PLACE in str(row[place])]
    assert len(mine) == 1
    assert_nameless(" ".join(str(c) for c in mine[0] if c is not None), teacher, "the export row")
    if hazard.status == Status.RECTIFYING:
        assert "班主任" in mine[0][COLUMNS.index("责任人")]  # the head teacher is named


@pytest.mark.parametrize("viewer", ["s01.officer", "s01.principal", "bureau.admin"])
def test_the_api_names_nobody(viewer, hazard, teacher, login):
    client = login(viewer)
    listed = client.get("/api/v1/hazards", {"school_id": hazard.school_id, "q": PLACE}).json()
    (item,) = [i for i in listed["items"] if i["id"] == hazard.pk]
    detail = client.get(f"/api/v1/hazards/{hazard.pk}").json()
    events = client.get(f"/api/v1/hazards/{hazard.pk}/events").json()
    assert item["anonymous"] is detail["anonymous"] is True
    assert not any(key.startswith("reporter") for key in detail)
    assert events[0]["action"] == "report" and events[0]["actor"] is None
    assert len(events[0]["photo_ids"]) == 1
    for name, body in (("list", item), ("detail", detail), ("events", events)):
        assert_nameless(json.dumps(body, ensure_ascii=False), teacher, f"the API {name}")


def test_the_photo_download_names_nobody(report, teacher, login):
    hazard, _effects = report
    photo = HazardEvent.objects.get(hazard=hazard).photos.get()
    response = login("s01.officer").get(f"/attachments/{photo.pk}/")
    assert response.status_code == 200
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    assert_nameless(headers, teacher, "the photo's headers")


def test_an_anonymous_report_through_the_api_is_as_anonymous(org, teacher, login):
    s01 = org("s01")
    response = login("s01.teacher").post(
        f"/api/v1/schools/{s01.pk}/hazards",
        {
            "place": PLACE + "（接口）",
            "category": "fire",
            "description": "灭火器缺失",
            "anonymous": "true",
            "photos": png("back-door.png"),
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["anonymous"] is True and body["tracking_code"]
    assert_nameless(json.dumps(body, ensure_ascii=False), teacher, "the API's answer")
    hazard = Hazard.objects.get(pk=body["id"])
    assert hazard.reporter is None
    assert HazardEvent.objects.get(hazard=hazard).photos.get().uploaded_by is None
    assert Org.objects.get(pk=hazard.school_id) == s01
