"""Reunification (issue 20, point 4): after an incident each student goes home only with a
guardian or an authorised person on their pick-up list, ID checked, the hand-over recorded; a
person not on the list is refused with a clear reason and recorded; the school sees who is
still waiting."""

import uuid

import pytest
from django.utils import timezone, translation

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Notification
from safecampus.gate.models import PickupPerson, Release
from safecampus.gate.services import reunification
from safecampus.students import roster
from safecampus.students.models import Guardian, MarkStatus, Student
from tests.budgets import grow_between_loads

pytestmark = pytest.mark.django_db


def _en(client):
    """Pages in English, the source strings the assertions read (the default is Chinese)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def roll(org):
    return roster.open_roll(school=org("s01"), key=f"test:{uuid.uuid4().hex}", label="火警")


def _page(roll):
    return f"/schools/{roll.school_id}/gate/reunification/{roll.pk}/"


def _students(school, n):
    return list(
        Student.objects.filter(school=school, is_active=True, guardians__isnull=False)
        .distinct()
        .order_by("pk")[:n]
    )


def test_the_school_sees_who_is_still_waiting_injured_first(roll, org, person, login):
    school = org("s01")
    hurt, away, handed = _students(school, 3)
    teacher = person("s01.teacher")
    roster.mark(actor=teacher, roll=roll, student=hurt, status=MarkStatus.INJURED)
    roster.mark(actor=teacher, roll=roll, student=away, status=MarkStatus.ABSENT)
    reunification.release(
        actor=person("s01.guard"),
        roll=roll,
        student=handed,
        guardian=handed.guardians.first(),
        id_type="resident",
        id_last4="123X",
    )
    page = _en(login("s01.guard")).get(_page(roll)).content.decode()
    enrolled = Student.objects.filter(school=school, is_active=True).count()
    away_today = roll.marks.filter(status=MarkStatus.ABSENT).count()  # with exit permits
    assert f'id="count-waiting">{enrolled - away_today - 1} still waiting' in page
    assert 'id="count-released">1 handed over' in page
    assert f'id="waiting-{away.pk}"' not in page and f'id="waiting-{handed.pk}"' not in page
    # The injured student leads the list.
    first = page.index('id="waiting-')
    assert page[first:].startswith(f'id="waiting-{hurt.pk}"')
    assert f"→ {handed.guardians.first()}" in page


def test_a_guardian_takes_the_student_once_with_the_id_checked(roll, org, person, login):
    student = _students(org("s01"), 1)[0]
    guardian = student.guardians.first()
    client = _en(login("s01.guard"))
    url = f"{_page(roll)}students/{student.pk}/"
    uid = str(uuid.uuid4())
    data = {"who": f"g{guardian.pk}", "id_type": "resident", "id_last4": "0012", "client_uuid": uid}
    answer = client.post(url, data)
    assert answer.status_code == 302
    row = Release.objects.get(roll=roll, student=student)
    assert (row.guardian, row.released_by, row.id_last4) == (guardian, person("s01.guard"), "0012")
    assert row.released_at <= timezone.now()
    assert AuditEvent.objects.filter(action="release.hand_over", object_id=str(row.pk)).exists()
    # The same form sent again (a double tap) writes nothing; the student is no longer waiting.
    assert client.post(url, data).status_code == 302
    assert Release.objects.filter(roll=roll, student=student).count() == 1
    # The phone's queue replays it too (no signal at the gate): answered as sent, nothing new.
    replay = client.post(url, data, headers={"X-SafeCampus-Queue": "1"})
    assert replay.status_code == 200 and replay.json()["ok"] is True
    assert Release.objects.filter(roll=roll, student=student).count() == 1
    page = client.get(url)
    assert page["X-SafeCampus-Offline"] == "keep" and 'data-queue="' in page.content.decode()
    again = client.post(url, {**data, "client_uuid": str(uuid.uuid4())})
    assert again.status_code == 400
    assert "This student was already handed over." in again.content.decode()
    # Without the ID checked, nothing is recorded.
    other = _students(org("s01"), 2)[1]
    bare = client.post(
        f"{_page(roll)}students/{other.pk}/", {"who": f"g{other.guardians.first().pk}"}
    )
    assert bare.status_code == 400 and not Release.objects.filter(student=other).exists()


def test_a_person_not_on_the_list_is_refused_with_the_reason_and_recorded(roll, org, person, login):
    student = _students(org("s01"), 1)[0]
    client = _en(login("s01.guard"))
    answer = client.post(
        f"{_page(roll)}students/{student.pk}/",
        {"who": "other", "claimed_name": "陌生人", "claimed_relation": "舅舅"},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "陌生人 is not on" in page and "may not go with them" in page
    assert not Release.objects.filter(student=student).exists()
    assert AuditEvent.objects.filter(action="release.refuse").exists()
    head = student.school_class.head_teacher
    if head is not None:
        assert Notification.objects.filter(user=head, kind="gate.release_refused").exists()
    # In Chinese too.
    zh = client.post(
        f"{_page(roll)}students/{student.pk}/",
        {"who": "other", "claimed_name": "陌生人"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert zh.status_code == 400 and "不在" in zh.content.decode()


@pytest.fixture
def _english():
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("_english")
def test_only_someone_on_this_students_list_and_with_a_matching_id_takes_them(roll, org, person):
    first, second = _students(org("s01"), 2)
    guard = person("s01.guard")
    others = Guardian.objects.filter(student=second).first()
    with pytest.raises(DomainError, match="is not on"):
        reunification.release(
            actor=guard, roll=roll, student=first, guardian=others, id_type="resident",
            id_last4="1234",
        )  # fmt: skip
    uncle = PickupPerson.objects.create(
        student=first,
        name="舅舅",
        relation="舅舅",
        phone="13900000001",
        id_number="11010519491231002X",
        consent="书面",
        consent_by="母亲",
        added_by=person("s01.principal"),
    )
    with pytest.raises(DomainError, match="does not match"):
        reunification.release(
            actor=guard, roll=roll, student=first, person=uncle, id_type="resident",
            id_last4="9999",
        )  # fmt: skip
    uncle.revoked_at = timezone.now()
    uncle.save()
    with pytest.raises(DomainError, match="is not on"):
        reunification.release(
            actor=guard, roll=roll, student=first, person=uncle, id_type="resident",
            id_last4="002X",
        )  # fmt: skip
    assert not Release.objects.filter(roll=roll).exists()


def test_the_waiting_list_costs_the_same_queries_however_many_are_handed_over(
    roll, org, person, login
):
    school = org("s01")
    guard = person("s01.guard")
    students = iter(_students(school, 12))

    def grow():
        for student in [next(students) for _n in range(5)]:
            reunification.release(
                actor=guard,
                roll=roll,
                student=student,
                guardian=student.guardians.first(),
                id_type="resident",
                id_last4="0000",
            )

    loads = grow_between_loads(_en(login("s01.guard")), _page(roll), grow)
    assert len(loads.second) <= len(loads.first) <= 25
    assert 'id="count-released">5 handed over' in loads.after


def test_the_api_hands_over_once_and_refuses_a_stranger_with_the_reason(roll, org, login):
    student = _students(org("s01"), 1)[0]
    client = _en(login("s01.guard"))
    url = f"/api/v1/rolls/{roll.pk}/releases"
    body = {
        "student_id": student.pk,
        "guardian_id": student.guardians.first().pk,
        "id_type": "resident",
        "id_last4": "4321",
        "client_uuid": str(uuid.uuid4()),
    }
    assert client.post(url, body, content_type="application/json").status_code == 201
    assert client.post(url, body, content_type="application/json").status_code == 200
    assert Release.objects.filter(roll=roll, student=student).count() == 1
    waiting = client.get(f"/api/v1/rolls/{roll.pk}/waiting?page_size=200").json()
    assert student.pk not in {row["id"] for row in waiting["items"]}
    other = _students(org("s01"), 2)[1]
    stranger = {"student_id": other.pk, "claimed_name": "陌生人"}
    refused = client.post(url, stranger, content_type="application/json")
    assert refused.status_code == 400 and "is not on" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action="release.refuse").exists()
    assert not Release.objects.filter(student=other).exists()
    assert _en(login("police.liaison")).get(f"/api/v1/rolls/{roll.pk}/waiting").status_code == 403
