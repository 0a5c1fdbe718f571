"""Minors' data: masked in every list and export; the full record only for those who need it
(leaders, the class's head teacher), and each view is audited."""

import io

import pytest
from openpyxl import load_workbook

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent
from safecampus.students import services
from safecampus.students.models import Student

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(org, person):
    """A student of s01.headteacher's class, with an ID number and a guardian's phone."""
    return (
        Student.objects.filter(
            school=org("s01"), school_class__head_teacher=person("s01.headteacher")
        )
        .exclude(id_number="")
        .select_related("school_class")
        .first()
    )


def _secrets(student):
    return [student.id_number, *[g.phone for g in student.guardians.all()]]


@pytest.mark.parametrize("username", ["s01.headteacher", "s01.teacher", "s01.guard", "s01.officer"])
def test_lists_show_masked_identifiers_only(username, student, login):
    client = login(username)
    school = student.school_id
    for url in (
        f"/schools/{school}/students/?q={student.student_number}",
        f"/schools/{school}/classes/{student.school_class_id}/",
    ):
        page = client.get(url).content.decode()
        assert student.name in page
        assert student.masked_id in page
        for secret in _secrets(student):
            assert secret not in page, (url, secret)


def test_the_export_is_masked(student, login):
    response = login("s01.officer").get(f"/schools/{student.school_id}/students/export.xlsx")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = " ".join(str(c) for row in wb.active.iter_rows(values_only=True) for c in row)
    assert student.masked_id in cells
    for secret in _secrets(student):
        assert secret not in cells


@pytest.mark.parametrize("username", ["s01.headteacher", "s01.officer", "s01.principal"])
def test_the_full_record_is_shown_to_who_needs_it_and_audited(username, student, login):
    before = AuditEvent.objects.filter(action="student.view", object_id=str(student.pk)).count()
    page = login(username).get(f"/schools/{student.school_id}/students/{student.pk}/")
    assert page.status_code == 200
    for secret in _secrets(student):
        assert secret in page.content.decode()
    viewed = AuditEvent.objects.filter(action="student.view", object_id=str(student.pk))
    assert viewed.count() == before + 1
    assert viewed.latest("pk").actor.username == username


@pytest.mark.parametrize("username", ["s01.teacher", "s01.guard", "s01.teacher2"])
def test_others_in_the_school_are_refused_the_full_record(username, student, login):
    before = AuditEvent.objects.filter(action="student.view").count()
    page = login(username).get(f"/schools/{student.school_id}/students/{student.pk}/")
    assert page.status_code == 403
    assert AuditEvent.objects.filter(action="student.view").count() == before


@pytest.mark.parametrize(
    ("username", "linked"),
    [
        ("s01.teacher", False),
        ("s01.guard", False),
        ("s01.headteacher", True),
        ("s01.officer", True),
    ],
)
def test_a_list_links_a_student_only_for_who_may_open_the_record(username, linked, student, login):
    """A teacher sees the class list but not a link that would answer 403."""
    url = f"/schools/{student.school_id}/classes/{student.school_class_id}/"
    page = login(username).get(url).content.decode()
    assert student.name in page
    assert (f'href="{student.get_absolute_url()}"' in page) is linked


def test_a_head_teacher_sees_no_link_to_another_class_s_student(org, login, person):
    other = (
        Student.objects.filter(school=org("s01"), is_active=True)
        .exclude(school_class__head_teacher=person("s01.headteacher"))
        .first()
    )
    page = login("s01.headteacher").get(
        f"/schools/{other.school_id}/students/?q={other.student_number}"
    )
    assert other.name in page.content.decode()
    assert f'href="{other.get_absolute_url()}"' not in page.content.decode()


def test_a_head_teacher_of_another_class_is_refused(org, login, person):
    other = (
        Student.objects.filter(school=org("s01"))
        .exclude(school_class__head_teacher=person("s01.headteacher"))
        .first()
    )
    assert (
        login("s01.headteacher").get(f"/schools/{other.school_id}/students/{other.pk}/").status_code
        == 403
    )


def test_bureau_and_police_see_no_students(student, login):
    for username in ("bureau.admin", "bureau.inspector", "police.liaison"):
        client = login(username)
        assert client.get(f"/schools/{student.school_id}/students/").status_code == 403
        assert client.get(f"/schools/{student.school_id}/students/{student.pk}/").status_code == 403


def test_the_head_teacher_edits_their_own_class_and_the_audit_hides_the_id(student, person):
    services.update_student(
        actor=person("s01.headteacher"),
        student=student,
        name="改名",
        id_number="11010519491231002X",
        guardians=[
            {"name": g.name, "relation": g.relation, "phone": "13900000000"}
            for g in student.guardians.all()
        ],
    )
    student.refresh_from_db()
    assert student.name == "改名"
    assert {g.phone for g in student.guardians.all()} == {"13900000000"}
    event = AuditEvent.objects.filter(action="student.update").latest("pk")
    assert "11010519491231002X" not in str(event.changes)


def test_a_guardian_who_was_sent_letters_stays_on_record(student, person):
    """The holiday letter went to every guardian of s01: removing one is refused, changing
    nothing, and the letter copies stay theirs."""
    before = list(student.guardians.order_by("pk").values_list("pk", "name", "phone"))
    assert any(g.letters.exists() for g in student.guardians.all())
    with pytest.raises(DomainError):
        services.update_student(
            actor=person("s01.headteacher"),
            student=student,
            name=student.name,
            id_number=student.id_number,
            guardians=[{"name": "新监护人", "relation": "母亲", "phone": "13900000000"}],
        )
    assert list(student.guardians.order_by("pk").values_list("pk", "name", "phone")) == before


def test_a_bad_phone_or_id_changes_nothing(student, person):
    original = student.id_number
    with pytest.raises(DomainError):
        services.update_student(
            actor=person("s01.headteacher"),
            student=student,
            guardians=[{"name": "某", "relation": "父亲", "phone": "12"}],
        )
    with pytest.raises(DomainError):
        services.update_student(
            actor=person("s01.headteacher"), student=student, id_number="110105194912310021"
        )
    assert Student.objects.get(pk=student.pk).id_number == original
