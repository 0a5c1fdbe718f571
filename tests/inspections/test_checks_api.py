"""The checks API a phone talks to: checks queued offline and sent in batches, photos first,
failed items filed as hazards through the ledger, and the bureau's completion per school.

A phone that lost signal sends its whole queue again: every check it already delivered must be
answered "replayed" and nothing may exist twice, above all not a hazard.
"""

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from safecampus.core.models import Attachment, AuditEvent, Notification, Org, OrgKind, Zone
from safecampus.core.services.attachments import store_upload
from safecampus.hazards.models import Hazard, HazardEvent, Source
from safecampus.inspections.models import (
    ChecklistTemplate,
    CheckTask,
    Inspection,
    InspectionResult,
    ItemKind,
    Outcome,
    Recurrence,
    Schedule,
    TaskStatus,
)
from safecampus.inspections.services.templates import current_version
from tests.helpers import png

pytestmark = pytest.mark.django_db

API = "/api/v1"
GATE, DUTY = "gate_daily", "duty_teacher_daily"


def template(school, key):
    return ChecklistTemplate.objects.get(school=school, library_key=key)


def items_of(tpl):
    return list(current_version(tpl).items.order_by("position", "pk"))


def task_for(school, key, person, *, minutes_ago=10, window=60, at_day=None):
    """A check of the school's `key` checklist given to `person`, open since `minutes_ago`."""
    now = timezone.now()
    tpl = template(school, key)
    schedule = Schedule.objects.create(
        school=school,
        template=tpl,
        person=person,
        recurrence=Recurrence.DAILY,
        at=timezone.localtime(now).time(),
        starts_on=timezone.localdate(now) - timedelta(days=3),
        school_days_only=False,
    )
    due_from = now - timedelta(minutes=minutes_ago)
    return CheckTask.objects.create(
        schedule=schedule,
        school=school,
        template=tpl,
        person=person,
        day=at_day or timezone.localdate(now),
        due_from=due_from,
        due_by=due_from + timedelta(minutes=window),
    )


def answers(items, *, fail=None, photo_ids=(), skip=()):
    """Every item answered as passing (numbers in the middle of their range), except `fail`
    (failed, with `photo_ids`) and the items in `skip` (left out)."""
    out = []
    for item in items:
        if item.pk in skip:
            continue
        answer = {"item_id": item.pk}
        if item.kind == ItemKind.PASS_FAIL:
            answer["outcome"] = Outcome.FAIL if item.pk == fail else Outcome.PASS
        elif item.kind == ItemKind.NUMBER:
            if item.pk == fail:
                answer["number"] = str((item.max_value or 0) + 5)
            else:
                answer["number"] = str(((item.min_value or 0) + (item.max_value or 10)) / 2)
        elif item.kind == ItemKind.TEXT:
            answer["text"] = "一切正常"
        if item.pk == fail:
            answer["photo_ids"] = list(photo_ids)
        out.append(answer)
    return out


def failable(items):
    """The first pass/fail item whose failure needs a photo."""
    return next(i for i in items if i.kind == ItemKind.PASS_FAIL and i.photo_on_fail)


def upload(client, school, **kwargs):
    response = client.post(f"{API}/schools/{school.pk}/checks/photos", {"photo": png(**kwargs)})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def send(client, school, *entries):
    return client.post(
        f"{API}/schools/{school.pk}/checks/inspections/batch",
        {"inspections": list(entries)},
        content_type="application/json",
    )


def entry(task=None, *, tpl=None, client_uuid=None, **fields):
    out = {"client_uuid": str(client_uuid or uuid.uuid4()), **fields}
    if task is not None:
        out["task_id"] = task.pk
    if tpl is not None:
        out["template_id"] = tpl.pk
    return out


def counts(school):
    """How many rows exist of everything a submission writes, for the school."""
    return {
        "inspections": Inspection.objects.filter(school=school).count(),
        "results": InspectionResult.objects.filter(inspection__school=school).count(),
        "hazards": Hazard.objects.filter(school=school).count(),
        "hazard_events": HazardEvent.objects.filter(hazard__school=school).count(),
        "photos": Attachment.objects.filter(org=school).count(),
        "audit": AuditEvent.objects.filter(org=school).count(),
        "notifications": Notification.objects.count(),
        "done_tasks": CheckTask.objects.filter(school=school, status=TaskStatus.DONE).count(),
    }


def grew(before, after):
    return {k: after[k] - before[k] for k in before if after[k] != before[k]}


@pytest.fixture
def s01(org):
    return org("s01")


@pytest.fixture
def guard(person):
    return person("s01.guard")


@pytest.fixture
def phone(login):
    return login("s01.guard")


@pytest.fixture
def two_checks(s01, guard, phone):
    """The guard's gate check (all passed) and duty round (one item failed, with a photo)."""
    gate, duty = task_for(s01, GATE, guard), task_for(s01, DUTY, guard)
    gate_items, duty_items = items_of(gate.template), items_of(duty.template)
    failed = failable(duty_items)
    photo = upload(phone, s01)
    entries = [
        entry(gate, answers=answers(gate_items)),
        entry(duty, answers=answers(duty_items, fail=failed.pk, photo_ids=[photo])),
    ]
    return {
        "tasks": (gate, duty),
        "entries": entries,
        "failed": failed,
        "photo": photo,
        "results": len(gate_items) + len(duty_items),
    }


# Batches and replays -------------------------------------------------------------------------


def test_a_batch_of_two_checks_is_saved_and_its_replay_is_answered_replayed(s01, phone, two_checks):
    before = counts(s01)
    first = send(phone, s01, *two_checks["entries"])
    assert first.status_code == 200, first.content
    results = first.json()["results"]
    assert [r["status"] for r in results] == ["created", "created"]
    assert [r["client_uuid"] for r in results] == [e["client_uuid"] for e in two_checks["entries"]]
    created = counts(s01)
    growth = grew(before, created)
    growth.pop("notifications", None)  # how many depends on the school; none more on replay
    assert growth == {
        "inspections": 2,
        "results": two_checks["results"],
        "hazards": 1,
        "hazard_events": 1,
        "audit": 3,  # two checks done and one hazard reported
        "done_tasks": 2,
    }

    again = send(phone, s01, *two_checks["entries"])
    assert again.status_code == 200
    replayed = again.json()["results"]
    assert [r["status"] for r in replayed] == ["replayed", "replayed"]
    assert [r["inspection_id"] for r in replayed] == [r["inspection_id"] for r in results]
    assert counts(s01) == created


def test_the_same_check_twice_in_one_batch_is_saved_once(s01, phone, two_checks):
    gate_entry = two_checks["entries"][0]
    before = counts(s01)
    response = send(phone, s01, gate_entry, gate_entry)
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "replayed"]
    assert results[0]["inspection_id"] == results[1]["inspection_id"]
    assert grew(before, counts(s01))["inspections"] == 1


def test_a_failed_item_files_exactly_one_hazard_even_when_the_batch_is_sent_twice(
    s01, guard, phone, two_checks
):
    duty_entry = two_checks["entries"][1]
    hazards_before = set(Hazard.objects.filter(school=s01).values_list("pk", flat=True))
    for _attempt in range(2):
        send(phone, s01, *two_checks["entries"])
    new = Hazard.objects.filter(school=s01).exclude(pk__in=hazards_before)
    [hazard] = new
    inspection = Inspection.objects.get(client_uuid=duty_entry["client_uuid"])
    result = inspection.results.get(item=two_checks["failed"])
    assert result.outcome == Outcome.FAIL
    assert result.hazard_id == hazard.pk
    assert inspection.failed_count == 1
    assert inspection.results.exclude(hazard=None).count() == 1
    # Filed through the ledger: a checklist hazard of the school, reported by the guard, with
    # the failed item and a way back to the check.
    assert hazard.source == Source.CHECKLIST
    assert hazard.reporter == guard
    assert two_checks["failed"].text in hazard.description
    assert hazard.origin_url == f"/schools/{s01.pk}/checks/inspections/{inspection.pk}/"
    assert [e.action for e in hazard.events.all()] == ["report"]
    assert list(hazard.events.get().photos.values_list("pk", flat=True)) == [two_checks["photo"]]


def test_a_number_out_of_range_fails_and_files_a_hazard(s01, guard, phone):
    task = task_for(s01, GATE, guard)
    items = items_of(task.template)
    number = next(i for i in items if i.kind == ItemKind.NUMBER)
    photo = upload(phone, s01)
    before = counts(s01)
    response = send(
        phone, s01, entry(task, answers=answers(items, fail=number.pk, photo_ids=[photo]))
    )
    [result] = response.json()["results"]
    assert result["status"] == "created"
    assert grew(before, counts(s01))["hazards"] == 1
    detail = phone.get(f"{API}/schools/{s01.pk}/checks/inspections/{result['inspection_id']}")
    row = next(r for r in detail.json()["results"] if r["item_id"] == number.pk)
    assert row["outcome"] == Outcome.FAIL
    assert row["hazard_id"] is not None


# Device time ---------------------------------------------------------------------------------


def test_the_phones_time_is_kept_beside_the_servers(s01, guard, phone):
    """Done offline inside the window and sent two hours later: on time, both times kept."""
    task = task_for(s01, GATE, guard, minutes_ago=180, window=60)
    # Whole seconds: the API writes times to the millisecond.
    done_at = (task.due_from + timedelta(minutes=20)).replace(microsecond=0)
    sent_from = timezone.now()
    response = send(
        phone,
        s01,
        entry(task, device_time=done_at.isoformat(), answers=answers(items_of(task.template))),
    )
    [result] = response.json()["results"]
    assert result["status"] == "created"
    body = phone.get(f"{API}/schools/{s01.pk}/checks/inspections/{result['inspection_id']}").json()
    assert parse_datetime(body["device_time"]) == done_at
    submitted = Inspection.objects.get(pk=result["inspection_id"]).submitted_at
    assert sent_from <= submitted <= timezone.now()
    assert parse_datetime(body["submitted_at"]) == submitted.replace(
        microsecond=submitted.microsecond // 1000 * 1000
    )
    assert body["late"] is False
    assert CheckTask.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_a_check_done_after_its_window_is_late_by_the_phones_time(s01, guard, phone):
    task = task_for(s01, GATE, guard, minutes_ago=180, window=60)
    done_at = task.due_by + timedelta(minutes=30)
    response = send(
        phone,
        s01,
        entry(task, device_time=done_at.isoformat(), answers=answers(items_of(task.template))),
    )
    [result] = response.json()["results"]
    inspection = Inspection.objects.get(pk=result["inspection_id"])
    assert inspection.late is True
    assert inspection.device_time == done_at


def test_a_phone_clock_ahead_of_the_server_cannot_make_a_check_late(s01, guard, phone):
    """The earlier of the two times counts: a phone's wrong clock does not blame the person."""
    task = task_for(s01, GATE, guard)
    ahead = timezone.now() + timedelta(hours=5)
    response = send(
        phone,
        s01,
        entry(task, device_time=ahead.isoformat(), answers=answers(items_of(task.template))),
    )
    [result] = response.json()["results"]
    inspection = Inspection.objects.get(pk=result["inspection_id"])
    assert inspection.late is False
    assert inspection.device_time == ahead  # kept as the phone said, beside the server's time


def test_a_check_done_offline_in_its_window_counts_even_after_it_was_marked_missed(
    s01, guard, phone
):
    """The phone syncs after the window closed and the check was marked missed: it was done in
    time, so it is done and not late."""
    task = task_for(s01, GATE, guard, minutes_ago=180, window=60)
    CheckTask.objects.filter(pk=task.pk).update(status=TaskStatus.MISSED)
    done_at = (task.due_from + timedelta(minutes=15)).replace(microsecond=0)
    [result] = send(
        phone,
        s01,
        entry(task, device_time=done_at.isoformat(), answers=answers(items_of(task.template))),
    ).json()["results"]
    assert result["status"] == "created"
    assert CheckTask.objects.get(pk=task.pk).status == TaskStatus.DONE
    assert Inspection.objects.get(pk=result["inspection_id"]).late is False
    [today] = [
        t for t in phone.get(f"{API}/schools/{s01.pk}/checks/today").json() if t["id"] == task.pk
    ]
    assert (today["state"], today["inspection_id"]) == ("done", result["inspection_id"])


def test_a_device_time_without_offset_does_not_lose_the_batch(s01, guard, phone):
    gate, duty = task_for(s01, GATE, guard), task_for(s01, DUTY, guard)
    naive = timezone.localtime(gate.due_from + timedelta(minutes=5)).replace(tzinfo=None)
    before = counts(s01)
    response = send(
        phone,
        s01,
        entry(duty, answers=answers(items_of(duty.template))),
        entry(gate, device_time=naive.isoformat(), answers=answers(items_of(gate.template))),
    )
    assert response.status_code == 200
    statuses = [r["status"] for r in response.json()["results"]]
    assert statuses[0] == "created"
    assert statuses[1] in ("created", "refused")
    assert grew(before, counts(s01))["inspections"] == statuses.count("created")


# Refusals, one entry at a time ---------------------------------------------------------------


def test_refused_entries_leave_the_others_saved(s01, org, person, login, guard, phone):
    s02 = org("s02")
    good = task_for(s01, GATE, guard)
    foreign = task_for(s02, GATE, person("s02.guard"))
    incomplete = task_for(s01, DUTY, guard)
    with_photo = task_for(s01, DUTY, guard, minutes_ago=5)
    duty_items = items_of(incomplete.template)
    skipped = {duty_items[0].pk, duty_items[2].pk}
    someone_elses = upload(login("s01.officer"), s01)
    failed = failable(duty_items)
    before = counts(s01), counts(s02)
    entries = [
        entry(foreign, answers=answers(items_of(foreign.template))),
        entry(incomplete, answers=answers(duty_items, skip=skipped)),
        entry(good, answers=answers(items_of(good.template))),
        entry(
            with_photo,
            answers=answers(duty_items, fail=failed.pk, photo_ids=[someone_elses]),
        ),
    ]
    response = send(phone, s01, *entries)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["refused", "refused", "created", "refused"]
    assert [r["client_uuid"] for r in results] == [e["client_uuid"] for e in entries]
    assert all(r["detail"] for r in results if r["status"] == "refused")
    # Missing answers are named item by item, so the phone can mark them.
    assert {int(k) for k in results[1]["problems"]} == skipped
    assert all(results[1]["problems"].values())
    saved = Inspection.objects.get(pk=results[2]["inspection_id"])
    assert saved.task_id == good.pk
    assert grew(before[0], counts(s01)) == {
        "inspections": 1,
        "results": len(items_of(good.template)),
        "audit": 1,
        "done_tasks": 1,
    }
    assert counts(s02) == before[1]
    for task in (foreign, incomplete, with_photo):
        assert CheckTask.objects.get(pk=task.pk).status == TaskStatus.DUE


def test_a_checklist_or_zone_of_another_school_is_refused(s01, org, phone):
    s02 = org("s02")
    ours, theirs = template(s01, GATE), template(s02, GATE)
    their_zone = Zone.objects.filter(school=s02).order_by("pk").first()
    before = counts(s01), counts(s02)
    results = send(
        phone,
        s01,
        entry(tpl=theirs, answers=answers(items_of(theirs))),
        entry(tpl=ours, zone_id=their_zone.pk, answers=answers(items_of(ours))),
    ).json()["results"]
    assert [r["status"] for r in results] == ["refused", "refused"]
    assert (counts(s01), counts(s02)) == before


def test_a_refused_entry_sent_again_once_completed_is_saved(s01, guard, phone):
    task = task_for(s01, DUTY, guard)
    items = items_of(task.template)
    client_uuid = uuid.uuid4()
    first = send(phone, s01, entry(task, client_uuid=client_uuid, answers=answers(items[1:])))
    assert first.json()["results"][0]["status"] == "refused"
    again = send(phone, s01, entry(task, client_uuid=client_uuid, answers=answers(items)))
    assert again.json()["results"][0]["status"] == "created"


def test_a_failed_item_without_its_photo_is_refused(s01, guard, phone):
    task = task_for(s01, GATE, guard)
    items = items_of(task.template)
    failed = failable(items)
    before = counts(s01)
    response = send(phone, s01, entry(task, answers=answers(items, fail=failed.pk)))
    [result] = response.json()["results"]
    assert result["status"] == "refused"
    assert set(result["problems"]) == {str(failed.pk)}
    assert counts(s01) == before


def test_another_persons_submission_id_is_refused(s01, guard, person, login, phone):
    """A client_uuid already used by someone else is neither replayed to nor overwritten."""
    teacher_task = task_for(s01, DUTY, person("s01.teacher"))
    used = entry(teacher_task, answers=answers(items_of(teacher_task.template)))
    [first] = send(login("s01.teacher"), s01, used).json()["results"]
    assert first["status"] == "created"
    mine = task_for(s01, GATE, guard)
    before = counts(s01)
    response = send(
        phone,
        s01,
        entry(mine, client_uuid=used["client_uuid"], answers=answers(items_of(mine.template))),
    )
    [result] = response.json()["results"]
    assert result["status"] == "refused"
    assert result["inspection_id"] is None
    assert counts(s01) == before


def test_a_check_given_to_someone_else_is_refused(s01, person, phone):
    task = task_for(s01, DUTY, person("s01.teacher"))
    before = counts(s01)
    [result] = send(phone, s01, entry(task, answers=answers(items_of(task.template)))).json()[
        "results"
    ]
    assert result["status"] == "refused"
    assert counts(s01) == before
    assert CheckTask.objects.get(pk=task.pk).status == TaskStatus.DUE


def test_a_check_already_done_is_refused_with_who_did_it(s01, guard, person, login, phone):
    task = task_for(s01, GATE, guard)
    items = items_of(task.template)
    officer = login("s01.officer")  # a manager may do anyone's check
    assert (
        send(officer, s01, entry(task, answers=answers(items))).json()["results"][0]["status"]
        == "created"
    )
    [result] = send(phone, s01, entry(task, answers=answers(items))).json()["results"]
    assert result["status"] == "refused"
    assert person("s01.officer").display_name in result["detail"]


# Photos --------------------------------------------------------------------------------------


def test_a_photo_uploaded_first_is_named_by_its_id_in_an_answer(s01, guard, phone):
    task = task_for(s01, DUTY, guard)
    items = items_of(task.template)
    failed = failable(items)
    photo = upload(phone, s01)
    stored = Attachment.objects.get(pk=photo)
    assert stored.org == s01
    assert stored.uploaded_by == guard
    response = send(
        phone, s01, entry(task, answers=answers(items, fail=failed.pk, photo_ids=[photo]))
    )
    [result] = response.json()["results"]
    assert result["status"] == "created"
    body = phone.get(f"{API}/schools/{s01.pk}/checks/inspections/{result['inspection_id']}").json()
    rows = {r["item_id"]: r for r in body["results"]}
    assert rows[failed.pk]["photo_ids"] == [photo]
    assert all(rows[i.pk]["photo_ids"] == [] for i in items if i.pk != failed.pk)
    # Linked, not copied: the hazard's report shows the very same stored photo.
    hazard = Hazard.objects.get(pk=rows[failed.pk]["hazard_id"])
    assert list(hazard.events.get().photos.values_list("pk", flat=True)) == [photo]
    assert Attachment.objects.filter(org=s01, sha256=stored.sha256).count() == 1


def test_a_file_that_is_not_an_image_is_refused_and_not_stored(s01, phone):
    before = Attachment.objects.filter(org=s01).count()
    fake = SimpleUploadedFile("a.png", b"not an image at all", "image/png")
    response = phone.post(f"{API}/schools/{s01.pk}/checks/photos", {"photo": fake})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Attachment.objects.filter(org=s01).count() == before


def test_a_photo_stored_at_another_school_is_refused(s01, org, guard, phone):
    their_photo = Attachment.objects.filter(org=org("s02")).order_by("pk").first()
    task = task_for(s01, DUTY, guard)
    items = items_of(task.template)
    failed = failable(items)
    before = counts(s01)
    [result] = send(
        phone, s01, entry(task, answers=answers(items, fail=failed.pk, photo_ids=[their_photo.pk]))
    ).json()["results"]
    assert result["status"] == "refused"
    assert counts(s01) == before


def test_a_file_that_is_not_a_photo_cannot_stand_for_one(s01, person, login):
    """The officer's PDF (stored for a responsibility letter) is not a photo of a failure."""
    officer = person("s01.officer")
    pdf = store_upload(
        actor=officer,
        org=s01,
        upload=SimpleUploadedFile("责任书.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    assert pdf.content_type == "application/pdf"
    task = task_for(s01, DUTY, officer)
    items = items_of(task.template)
    failed = failable(items)
    before = counts(s01)
    [result] = send(
        login("s01.officer"),
        s01,
        entry(task, answers=answers(items, fail=failed.pk, photo_ids=[pdf.pk])),
    ).json()["results"]
    assert result["status"] == "refused"
    assert counts(s01) == before


# My checks today -----------------------------------------------------------------------------


def test_my_checks_today_are_mine_in_time_order_with_their_state(s01, guard, person, phone):
    later = task_for(s01, DUTY, guard, minutes_ago=-120)
    now_open = task_for(s01, GATE, guard, minutes_ago=10)
    task_for(s01, DUTY, person("s01.teacher"))  # someone else's
    response = phone.get(f"{API}/schools/{s01.pk}/checks/today")
    assert response.status_code == 200
    mine = [(t["id"], t["state"]) for t in response.json() if t["id"] in (later.pk, now_open.pk)]
    assert mine == [(now_open.pk, "open"), (later.pk, "later")]
    shown = {t["id"] for t in response.json()}
    expected = set(
        CheckTask.objects.filter(school=s01, day=timezone.localdate(), person=guard).values_list(
            "pk", flat=True
        )
    )
    assert expected <= shown
    assert (
        not CheckTask.objects.filter(pk__in=shown, person__isnull=False)
        .exclude(person=guard)
        .exists()
    )


# Completion for the bureau -------------------------------------------------------------------


def _completion(client, org, **params):
    return client.get(f"{API}/orgs/{org.pk}/checks/completion", params)


def test_completion_lists_every_school_lowest_rate_first(s01, org, login):
    district = org("demo-district")
    s03 = org("s03")
    # s03 missed every check of the period: it must come first of the schools with a rate.
    CheckTask.objects.filter(school=s03).update(status=TaskStatus.MISSED)
    response = _completion(login("bureau.inspector"), district)
    assert response.status_code == 200
    rows = response.json()
    schools = Org.objects.filter(path__startswith=district.path, kind=OrgKind.SCHOOL)
    assert sorted(r["school_id"] for r in rows) == sorted(schools.values_list("pk", flat=True))
    rates = [r["rate"] for r in rows]
    ranked = [r for r in rates if r is not None]
    assert rates == [None] * (len(rates) - len(ranked)) + ranked
    assert ranked == sorted(ranked)
    first_rated = next(r for r in rows if r["rate"] is not None)
    assert (first_rated["school_id"], first_rated["rate"]) == (s03.pk, 0.0)
    # The counts are the school's own tasks in the period (the last 30 days by default).
    row = next(r for r in rows if r["school_id"] == s01.pk)
    today = timezone.localdate()
    tasks = CheckTask.objects.filter(school=s01, day__range=(today - timedelta(days=29), today))
    assert row["total"] == tasks.count()
    assert row["missed"] == tasks.filter(status=TaskStatus.MISSED).count()
    assert row["done"] + row["late"] == tasks.filter(status=TaskStatus.DONE).count()


def test_completion_is_refused_to_school_people(s01, org, login):
    district = org("demo-district")
    assert _completion(login("s01.teacher"), s01).status_code == 403
    assert _completion(login("s01.principal"), district).status_code == 404
    assert _completion(login("police.liaison"), district).status_code == 403
    own = _completion(login("s01.principal"), s01)
    assert own.status_code == 200
    assert [r["school_id"] for r in own.json()] == [s01.pk]


def test_completion_over_more_than_a_year_is_refused(org, login):
    district = org("demo-district")
    response = _completion(login("bureau.admin"), district, start="2024-01-01", end="2026-01-01")
    assert response.status_code == 400
    assert response.json()["detail"]


# Scoping -------------------------------------------------------------------------------------


def test_another_schools_checks_are_not_found(s01, org, person, login, guard, phone):
    s02 = org("s02")
    theirs = task_for(s02, GATE, person("s02.guard"))
    before = counts(s02)
    base = f"{API}/schools/{s02.pk}/checks"
    sent = send(phone, s02, entry(theirs, answers=answers(items_of(theirs.template))))
    assert sent.status_code == 404
    assert phone.get(f"{base}/today").status_code == 404
    assert phone.get(f"{base}/inspections").status_code == 404
    assert phone.post(f"{base}/photos", {"photo": png()}).status_code == 404
    assert counts(s02) == before
    # Their inspection under our school's address is not there either.
    their_inspection = Inspection.objects.filter(school=s02).order_by("pk").first()
    ours = f"{API}/schools/{s01.pk}/checks/inspections/{their_inspection.pk}"
    assert login("s01.officer").get(ours).status_code == 404
    their_checklist = template(s02, GATE)
    url = f"{API}/schools/{s01.pk}/checks/checklists/{their_checklist.pk}"
    assert phone.get(url).status_code == 404


def test_a_bureau_person_may_look_but_not_submit(s01, org, login):
    admin = login("bureau.admin")
    tpl = template(s01, GATE)
    before = counts(s01)
    response = send(admin, s01, entry(tpl=tpl, answers=answers(items_of(tpl))))
    assert response.status_code == 403
    assert counts(s01) == before


def test_a_person_sees_only_their_own_checks_unless_they_oversee(s01, guard, person, login):
    """The guard cannot open the teacher's check; the officer can."""
    teacher = person("s01.teacher")
    theirs = Inspection.objects.filter(school=s01, inspector=teacher).order_by("pk").first()
    url = f"{API}/schools/{s01.pk}/checks/inspections/{theirs.pk}"
    assert login("s01.guard").get(url).status_code == 404
    assert login("s01.teacher").get(url).status_code == 200
    assert login("s01.officer").get(url).status_code == 200
