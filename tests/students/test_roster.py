"""The live roster (issue 20, point 3): an alarm or an evacuation drill opens the roll; each
class's teacher marks their students, through the phone's queue too; the latest phone time
wins and a replay writes nothing; the principal, the bureau and the police read the counts,
missing first, pushed to their open pages; counts cost the same queries however many classes."""

import itertools
import json
import uuid
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from django.utils import timezone

from safecampus.core.models import AuditEvent
from safecampus.emergencies.models import AlarmKind, Drill, DrillStatus, EmergencyKind
from safecampus.emergencies.services import alarms, drills
from safecampus.gate.models import ExitPermit, ExitStatus
from safecampus.students import queries, roster
from safecampus.students.consumers import RollConsumer
from safecampus.students.models import MarkStatus, Roll, RollMark, RollStatus, SchoolClass, Student
from tests.budgets import grow_between_loads

pytestmark = pytest.mark.django_db


def _en(client):
    """Pages in English, the source strings the assertions read (the default is Chinese)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


QUEUE = {"HTTP_X_SAFECAMPUS_QUEUE": "1"}


def _alarm(person, school):
    return alarms.raise_alarm(school=school, kind=AlarmKind.FIRE, actor=person("s01.guard"))


def _roll(person, school):
    return Roll.objects.get(key=alarms.roll_key(_alarm(person, school)))


def _student(school, n=0):
    return Student.objects.filter(school=school, is_active=True).order_by("pk")[n]


def _send(client, roll, student, status, *, at=None, uid=None, queue=True):
    data = {"student": student.pk, "status": status, "client_uuid": str(uid or uuid.uuid4())}
    if at is not None:
        data["recorded_at"] = at.isoformat()
    url = f"/schools/{roll.school_id}/rolls/{roll.pk}/mark/"
    return client.post(url, data, **(QUEUE if queue else {}))


def test_the_roll_opens_after_the_alarm_commits_and_cannot_undo_it(
    org, person, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The roll opens once the alarm is committed and pushed, in its own transaction; a roll
    that fails to open leaves the alarm standing, and `announce` opens it later."""
    school = org("s01")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    real = roster.open_roll

    def broken(**kwargs):
        raise RuntimeError("the roll's table is locked")

    monkeypatch.setattr(roster, "open_roll", broken)
    with django_capture_on_commit_callbacks(execute=True):
        alarm = _alarm(person, school)
    assert alarm.pk and not Roll.objects.filter(key=alarms.roll_key(alarm)).exists()
    monkeypatch.setattr(roster, "open_roll", real)
    alarms.announce.call(alarm.pk)
    assert Roll.objects.filter(key=alarms.roll_key(alarm)).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        later = _alarm(person, school)
    assert Roll.objects.filter(key=alarms.roll_key(later)).count() == 1


def test_an_alarm_opens_one_roll_with_the_days_absences_filled_in(org, person):
    school = org("s01")
    away = _student(school, 3)
    ExitPermit.objects.create(
        school=school,
        student=away,
        status=ExitStatus.OUT,
        reason="看牙医",
        leave_from=timezone.now() - timedelta(hours=1),
        exited_at=timezone.now() - timedelta(hours=1),
        requested_by=person("s01.headteacher"),
    )
    alarm = _alarm(person, school)
    roll = Roll.objects.get(key=alarms.roll_key(alarm))
    assert roll.status == RollStatus.OPEN and roll.origin_url == alarm.get_absolute_url()
    mark = RollMark.objects.get(roll=roll)
    assert (mark.student, mark.status, mark.marked_by) == (away, MarkStatus.ABSENT, None)
    assert "看牙医" in mark.note
    assert AuditEvent.objects.filter(org=school, action="roll.open").exists()
    # The alarm's page links to its roll; closing the alarm closes the roll.
    closed = alarms.close(alarm=alarm, actor=person("s01.principal"), note="已处置")
    assert closed.status == "resolved"
    roll.refresh_from_db()
    assert roll.status == RollStatus.CLOSED


def test_a_teacher_marks_through_the_queue_latest_phone_time_wins_replays_write_nothing(
    org, person, login
):
    school = org("s01")
    roll = _roll(person, school)
    student = _student(school)
    client = _en(login("s01.teacher"))
    later = timezone.now() - timedelta(minutes=1)
    uid = uuid.uuid4()
    first = _send(client, roll, student, MarkStatus.MISSING, at=later, uid=uid)
    assert first.status_code == 200, first.content
    events = AuditEvent.objects.filter(org=school, action__startswith="roll.").count()
    # The same item sent again (the phone's queue after a lost answer): nothing changes.
    for _again in range(3):
        assert (
            _send(client, roll, student, MarkStatus.MISSING, at=later, uid=uid).status_code == 200
        )
    # A mark made earlier on another phone arrives late: the later one stands.
    older = _send(client, roll, student, MarkStatus.PRESENT, at=later - timedelta(minutes=2))
    assert older.status_code == 200
    mark = RollMark.objects.get(roll=roll, student=student)
    assert (mark.status, mark.client_uuid) == (MarkStatus.MISSING, uid)
    assert AuditEvent.objects.filter(org=school, action__startswith="roll.").count() == events
    # Found: a newer mark replaces it.
    assert _send(client, roll, student, MarkStatus.PRESENT).status_code == 200
    mark.refresh_from_db()
    assert mark.status == MarkStatus.PRESENT and mark.marked_by == person("s01.teacher")
    assert RollMark.objects.filter(roll=roll, student=student).count() == 1


def test_marks_are_refused_with_a_reason_and_change_nothing(org, person, login):
    school, other = org("s01"), org("s02")
    roll = _roll(person, school)
    teacher = _en(login("s01.teacher"))
    foreign = _student(other)
    answer = _send(teacher, roll, foreign, MarkStatus.PRESENT)
    assert answer.status_code == 422
    assert answer.json()["detail"] == "This student is not on the school's roll."
    # A guard takes no class's roll.
    assert _send(_en(login("s01.guard")), roll, _student(school), "present").status_code == 403
    roster.close_roll(actor=person("s01.principal"), roll=roll)
    closed = _send(teacher, roll, _student(school), MarkStatus.PRESENT)
    assert closed.status_code == 422
    assert closed.json()["detail"] == "This roll is closed: it changes no more."
    assert not RollMark.objects.filter(roll=roll).exists()


def test_the_principal_reads_counts_per_class_missing_first(org, person, login):
    school = org("s01")
    roll = _roll(person, school)
    teacher = person("s01.teacher")
    first, second = SchoolClass.objects.filter(school=school).order_by("grade", "name")[:2]
    lost = Student.objects.filter(school_class=second, is_active=True).first()
    roster.mark(actor=teacher, roll=roll, student=lost, status=MarkStatus.MISSING)
    for student in Student.objects.filter(school_class=first, is_active=True)[:3]:
        roster.mark(actor=teacher, roll=roll, student=student, status=MarkStatus.PRESENT)
    page = _en(login("s01.principal")).get(roll.get_absolute_url()).content.decode()
    assert 'id="count-missing">1 missing' in page
    assert 'id="count-present">3 of' in page
    # The class with a missing student leads the table, and the student is named above it.
    assert page.index(f'id="class-{second.pk}"') < page.index(f'id="class-{first.pk}"')
    assert page.index(lost.name) < page.index('id="roll-classes"')
    # The police liaison and the bureau read it too; the bureau's list counts the school.
    assert _en(login("police.liaison")).get(roll.get_absolute_url()).status_code == 200
    district = school.parent
    rows = _en(login("bureau.admin")).get(f"/orgs/{district.pk}/rolls/").content.decode()
    assert f'id="roll-{roll.pk}"' in rows and "1 missing" in rows


def test_counts_cost_the_same_queries_however_many_classes(org, person, login):
    school = org("s01")
    roll = _roll(person, school)
    teacher = person("s01.teacher")
    serial = itertools.count()

    def grow():
        for n in itertools.islice(serial, 4):
            klass = SchoolClass.objects.create(school=school, grade=9, name=f"新班{n}")
            student = Student.objects.create(
                school=school, school_class=klass, name=f"新生{n}", student_number=f"X{n}"
            )
            roster.mark(actor=teacher, roll=roll, student=student, status=MarkStatus.MISSING)

    loads = grow_between_loads(_en(login("s01.principal")), roll.get_absolute_url(), grow)
    assert len(loads.second) <= len(loads.first) <= 30
    assert "新生3" in loads.after and "新生3" not in loads.before
    api = grow_between_loads(_en(login("s01.principal")), f"/api/v1/rolls/{roll.pk}", grow)
    assert len(api.second) <= len(api.first) <= 12


def test_the_api_marks_once_and_answers_the_counts(org, person, login):
    school = org("s01")
    roll = _roll(person, school)
    student = _student(school)
    client = _en(login("s01.headteacher"))
    body = {"student_id": student.pk, "status": "injured", "client_uuid": str(uuid.uuid4())}
    url = f"/api/v1/rolls/{roll.pk}/marks"
    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 200 and again.json()["changed"] is False
    bad = client.post(url, {**body, "student_id": 2**31}, content_type="application/json")
    assert bad.status_code == 422
    detail = _en(login("s01.principal")).get(f"/api/v1/rolls/{roll.pk}").json()
    assert detail["totals"]["injured"] == 1
    assert detail["missing"][0]["student_id"] == student.pk
    # A teacher marks but does not read the school's counts.
    assert client.get(f"/api/v1/rolls/{roll.pk}").status_code == 403


def test_a_drill_opens_its_roll_on_its_day(org, person, login):
    school = org("s01")
    officer = person("s01.officer")
    drill = drills.plan_drill(
        actor=officer,
        school=school,
        kind=EmergencyKind.FIRE,
        planned_on=timezone.localdate(),
        scenario="疏散演练",
    )
    answer = _en(login("s01.officer")).post(
        f"/schools/{school.pk}/emergencies/drills/{drill.pk}/roll/"
    )
    roll = Roll.objects.get(key=f"drill:{drill.pk}")
    assert answer.status_code == 302 and answer["Location"] == roll.get_absolute_url()
    assert roll.is_drill and Drill.objects.get(pk=drill.pk).status == DrillStatus.PLANNED
    # Twice is the same roll.
    assert drills.start_roll(actor=officer, drill=drill) == roll
    drill.planned_on = timezone.localdate() + timedelta(days=3)
    drill.save()
    answer = _en(login("s01.officer")).post(
        f"/schools/{school.pk}/emergencies/drills/{drill.pk}/roll/", follow=True
    )
    assert "opens on its planned date" in answer.content.decode()


@pytest.fixture
def _keep_the_test_transaction(monkeypatch):
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


@pytest.mark.usefixtures("_keep_the_test_transaction")
def test_a_mark_is_pushed_to_the_open_pages_of_the_school_and_the_bureau(
    org, person, django_capture_on_commit_callbacks
):
    school = org("s01")
    with django_capture_on_commit_callbacks(execute=True):
        roll = _roll(person, school)
    student = _student(school)

    def mark():
        with django_capture_on_commit_callbacks(execute=True):
            roster.mark(actor=person("s01.teacher"), roll=roll, student=student, status="missing")

    async def opened(user, org_id):
        path = f"/ws/rolls/{org_id}/"
        scope = {
            "type": "websocket",
            "path": path,
            "headers": [],
            "subprotocols": [],
            "user": user,
            "url_route": {"kwargs": {"org_id": org_id}},
        }
        socket = ApplicationCommunicator(RollConsumer.as_asgi(), scope)
        await socket.send_input({"type": "websocket.connect"})
        return socket, await socket.receive_output(timeout=3)

    async def scenario():
        principal, accepted = await opened(person("s01.principal"), school.pk)
        assert accepted["type"] == "websocket.accept"
        bureau, accepted = await opened(person("bureau.admin"), school.parent_id)
        assert accepted["type"] == "websocket.accept"
        # A teacher marks, but the counts are not theirs to watch.
        _teacher, refused = await opened(person("s01.teacher"), school.pk)
        assert refused["type"] == "websocket.close"
        await database_sync_to_async(mark)()
        for socket in (principal, bureau):
            sent = await socket.receive_output(timeout=3)
            assert json.loads(sent["text"]) == {
                "type": "roll",
                "roll": roll.pk,
                "school": school.pk,
            }

    async_to_sync(scenario)()
    assert queries.school_counts(queries.class_counts(roll))["missing"] == 1


def test_the_bureaus_rolls_cost_the_same_queries_however_many_schools(org, person, login):
    schools = [org("s02"), org("s03"), org("s04")]
    district = org("s01").parent
    _roll(person, org("s01"))

    def grow():
        for school in schools:
            roster.open_roll(school=school, key=f"test:{school.pk}", label="地震")

    loads = grow_between_loads(_en(login("bureau.admin")), f"/orgs/{district.pk}/rolls/", grow)
    assert len(loads.second) <= len(loads.first) <= 25
    assert f'id="roll-{Roll.objects.get(key=f"test:{schools[2].pk}").pk}"' in loads.after
