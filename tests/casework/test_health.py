"""Health notes: who sees what (every scope-test role plus the PE teacher and the school medic,
own and sibling school, list, note, API), one audit event per read of a note, the head teacher
only their own classes, the guardian's notice guarded like its note, the new roles see no other
ledger, recording and closing, retention."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safecampus.casework.demo import DEMO_NOTICE
from safecampus.casework.models import HealthNote, HealthStatus, Ledger, RetentionRule
from safecampus.casework.services import health
from safecampus.casework.services.retention import apply_retention
from safecampus.core.errors import InvalidFields, PermissionRefused
from safecampus.core.models import AuditEvent
from safecampus.students.models import Student
from tests.roles import BUREAU, ROLE_OF

pytestmark = pytest.mark.django_db

PEOPLE = (*ROLE_OF, "s01.pe", "s01.medic")
READERS = {"s01.headteacher", "s01.pe", "s01.medic"}


def _notes(org, code):
    """A note in the head teacher's class and one in another class, at the school `code`."""
    notes = HealthNote.objects.filter(school=org(code), status=HealthStatus.ACTIVE)
    head = notes.filter(student__school_class__head_teacher__username=f"{code}.headteacher")
    other = notes.exclude(student__school_class__head_teacher__username=f"{code}.headteacher")
    return head.order_by("pk").first(), other.order_by("pk").first()


def _expected(username, code, in_class):
    """What the matrix expects: 200, 403 (list only: the school is in scope) or 404."""
    if code != "s01" and username not in BUREAU:
        return 404, 404
    if code == "s01" and username in READERS:
        if username == "s01.headteacher" and not in_class:
            return 200, 404
        return 200, 200
    return 403, 404


@pytest.mark.parametrize("username", PEOPLE)
@pytest.mark.parametrize("code", ["s01", "s02"])
def test_who_sees_what(username, code, login, org):
    client = login(username)
    school = org(code)
    in_class, other = _notes(org, code)
    for note, is_own_class in ((in_class, True), (other, False)):
        list_status, note_status = _expected(username, code, is_own_class)
        reads = AuditEvent.objects.filter(action="health.read", object_id=str(note.pk))
        before = reads.count()
        page = client.get(note.get_absolute_url())
        assert page.status_code == note_status, (username, code, "page")
        api = client.get(f"/api/v1/health-notes/{note.pk}")
        assert api.status_code == note_status, (username, code, "api")
        # Every full read leaves exactly one audit event; a refused one none.
        assert reads.count() - before == (2 if note_status == 200 else 0)
        if note_status == 200:
            assert note.student.name in page.content.decode()
            assert api.json()["emergency"] == note.emergency
        listed = client.get(f"/schools/{school.pk}/casework/health/")
        assert listed.status_code == list_status, (username, code, "list")
        api_list = client.get(f"/api/v1/schools/{school.pk}/health-notes")
        assert api_list.status_code == list_status, (username, code, "api list")
        if list_status == 200:
            names = {row["id"] for row in api_list.json()["items"]}
            shown = note.student.name in listed.content.decode()
            assert (note.pk in names) == (note_status == 200) == shown


def test_the_head_teacher_sees_only_own_classes_and_the_pe_teacher_all(login, org):
    school = org("s01")
    own = HealthNote.objects.filter(
        school=school,
        status="active",
        student__school_class__head_teacher__username="s01.headteacher",
    )
    everyone = HealthNote.objects.filter(school=school, status="active")
    assert 0 < own.count() < everyone.count()
    url = f"/api/v1/schools/{school.pk}/health-notes"
    head = login("s01.headteacher").get(url).json()
    assert {row["id"] for row in head["items"]} == set(own.values_list("pk", flat=True))
    pe = login("s01.pe").get(url + "?pe_only=true").json()
    assert {row["id"] for row in pe["items"]} == set(
        everyone.exclude(pe_limits="").values_list("pk", flat=True)
    )


def test_the_guardians_notice_is_guarded_like_its_note(login, org, person):
    in_class, other = _notes(org, "s01")
    urls = {}
    for note in (in_class, other):
        note = health.add_notice(
            actor=person("s01.medic"),
            note=note,
            notice=SimpleUploadedFile("告知书.pdf", DEMO_NOTICE),
        )
        assert note.notice.content_type == "application/pdf"
        urls[note.pk] = f"/attachments/{note.notice_id}/"
    for username in ("s01.medic", "s01.pe"):
        for url in urls.values():
            assert login(username).get(url).status_code == 200, username
    head = login("s01.headteacher")
    assert head.get(urls[in_class.pk]).status_code == 200
    assert head.get(urls[other.pk]).status_code in (403, 404)
    for username in ("s01.principal", "s01.officer", "s01.teacher", "s02.medic", "bureau.admin"):
        assert login(username).get(urls[in_class.pk]).status_code in (403, 404), username


@pytest.mark.parametrize("username", ["s01.pe", "s01.medic"])
def test_the_new_roles_see_no_other_ledger(username, login, org):
    client = login(username)
    school = org("s01").pk
    for path in (
        f"/schools/{school}/casework/concerns/",
        f"/schools/{school}/casework/disputes/",
        f"/schools/{school}/casework/bullying/",
        f"/schools/{school}/casework/mandatory/",
        f"/schools/{school}/casework/access-log/",
        f"/api/v1/schools/{school}/concerns",
        f"/api/v1/schools/{school}/bullying",
    ):
        assert client.get(path).status_code in (403, 404), path


def test_the_medic_records_a_note_with_the_notice_and_closes_it(login, org, person):
    school = org("s01")
    student = Student.objects.filter(school=school, is_active=True).order_by("-pk").first()
    url = f"/schools/{school.pk}/casework/health/new/"
    response = login("s01.medic").post(
        url,
        {
            "student": student.pk,
            "kind": "diabetes",
            "detail": "一型糖尿病（测试）",
            "emergency": "低血糖：给糖水，通知校医。",
            "pe_limits": "",
            "notice": SimpleUploadedFile("告知书.pdf", DEMO_NOTICE),
        },
    )
    assert response.status_code == 302
    note = HealthNote.objects.get(student=student, kind="diabetes")
    assert note.notice is not None and note.notice.content_type == "application/pdf"
    event = AuditEvent.objects.filter(action="health.record", object_id=str(note.pk)).get()
    assert "糖尿病" not in str(event.changes) and student.name not in event.object_repr
    close = login("s01.medic").post(f"/casework/health/{note.pk}/close/")
    assert close.status_code == 302
    note.refresh_from_db()
    assert note.status == HealthStatus.CLOSED and note.closed_on == timezone.localdate()


def test_bad_input_and_other_people_record_nothing(login, org, person):
    school = org("s01")
    before = HealthNote.objects.count()
    url = f"/schools/{school.pk}/casework/health/new/"
    bad = login("s01.medic").post(url, {"student": "", "kind": "allergy", "detail": "x"})
    assert bad.status_code == 400
    student = Student.objects.filter(school=school).first()
    for username in ("s01.headteacher", "s01.pe", "s01.principal"):
        refused = login(username).post(
            url,
            {"student": student.pk, "kind": "allergy", "detail": "x", "emergency": "y"},
        )
        assert refused.status_code == 403, username
    foreign = Student.objects.filter(school=org("s02")).first()
    with pytest.raises(InvalidFields):
        health.record_note(
            actor=person("s01.medic"),
            school=school,
            student=foreign,
            kind="allergy",
            detail="x",
            emergency="y",
        )
    with pytest.raises(PermissionRefused):
        health.record_note(
            actor=person("s01.pe"),
            school=school,
            student=student,
            kind="allergy",
            detail="x",
            emergency="y",
        )
    assert HealthNote.objects.count() == before


def test_retention_anonymises_a_closed_note_past_its_rule(org, person):
    rule = RetentionRule.objects.get(org=None, ledger=Ledger.HEALTH)
    school = org("s01")
    old, young = HealthNote.objects.filter(school=school, status="active").order_by("pk")[:2]
    for note in (old, young):
        health.close_note(actor=person("s01.medic"), note=note)
    today = timezone.localdate()
    HealthNote.objects.filter(pk=old.pk).update(
        closed_on=today - timedelta(days=rule.days_after_close + 1)
    )
    HealthNote.objects.filter(pk=young.pk).update(
        closed_on=today - timedelta(days=rule.days_after_close - 1)
    )
    apply_retention()
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.anonymised_at is not None and old.student_id is None and old.emergency == ""
    assert old.notice_id is None
    assert young.anonymised_at is None and young.student_id is not None
