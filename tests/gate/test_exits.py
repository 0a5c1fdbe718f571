"""Exit permits: the head teacher issues or approves; the guard lets a student out only on a
permit valid now, and records the return."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Notification
from safecampus.gate.models import ExitPermit, ExitStatus
from safecampus.gate.services import exits
from safecampus.students.models import Student

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(org, person):
    return (
        Student.objects.filter(
            school=org("s01"), school_class__head_teacher=person("s01.headteacher")
        )
        .select_related("school_class__head_teacher", "school")
        .first()
    )


def _issue(person, student, actor="s01.headteacher", **overrides):
    data = {
        "reason": "看病",
        "leave_from": timezone.now(),
        "return_by": timezone.now() + timedelta(hours=2),
    }
    data.update(overrides)
    return exits.issue_permit(actor=person(actor), student=student, **data)


def test_issued_permit_lets_the_student_out_and_back(person, student):
    permit = _issue(person, student)
    assert permit.status == ExitStatus.APPROVED
    exits.record_exit(actor=person("s01.guard"), permit=permit)
    exits.record_return(actor=person("s01.guard"), permit=permit)
    permit.refresh_from_db()
    assert permit.status == ExitStatus.RETURNED
    assert permit.exited_at <= permit.returned_at


def test_a_permit_for_later_cannot_be_used_now(person, student):
    permit = _issue(
        person,
        student,
        leave_from=timezone.now() + timedelta(hours=3),
        return_by=timezone.now() + timedelta(hours=4),
    )
    with pytest.raises(DomainError):
        exits.record_exit(actor=person("s01.guard"), permit=permit)
    permit.refresh_from_db()
    assert permit.status == ExitStatus.APPROVED and permit.exited_at is None


def test_a_request_must_be_approved_before_the_gate_lets_the_student_out(person, student):
    permit = _issue(person, student, actor="s01.teacher", request=True)
    assert permit.status == ExitStatus.REQUESTED
    assert Notification.objects.filter(
        user=person("s01.headteacher"), kind="gate.exit_request"
    ).exists()
    with pytest.raises(DomainError):
        exits.record_exit(actor=person("s01.guard"), permit=permit)
    with pytest.raises(PermissionRefused):
        exits.approve_permit(actor=person("s01.teacher2"), permit=permit)
    exits.approve_permit(actor=person("s01.headteacher"), permit=permit)
    exits.record_exit(actor=person("s01.guard"), permit=permit)
    assert ExitPermit.objects.get(pk=permit.pk).status == ExitStatus.OUT


def test_only_the_classs_head_teacher_or_leaders_issue(person, student):
    with pytest.raises(PermissionRefused):
        _issue(person, student, actor="s01.teacher")
    other_head = student.school_class.school.classes.exclude(pk=student.school_class_id).first()
    assert other_head.head_teacher != person("s01.headteacher")
    assert _issue(person, student, actor="s01.officer").status == ExitStatus.APPROVED


def test_the_guards_search_says_when_there_is_no_permit(person, student, login):
    school = student.school
    page = (
        login("s01.guard")
        .get(f"/schools/{school.pk}/gate/exits/?q={student.student_number}")
        .content.decode()
    )
    assert student.name in page and "no-permit" in page
    _issue(person, student)
    page = (
        login("s01.guard")
        .get(f"/schools/{school.pk}/gate/exits/?q={student.student_number}")
        .content.decode()
    )
    assert "no-permit" not in page


def test_a_cancelled_permit_cannot_be_used(person, student):
    permit = _issue(person, student)
    exits.cancel_permit(actor=person("s01.headteacher"), permit=permit)
    with pytest.raises(DomainError):
        exits.record_exit(actor=person("s01.guard"), permit=permit)


def test_the_permits_qr_opens_it_for_the_guard(person, student, login):
    permit = _issue(person, student)
    response = login("s01.guard").get(
        f"/schools/{student.school_id}/gate/exits/pass/{permit.pass_code}/"
    )
    assert response.url == f"/schools/{student.school_id}/gate/exits/{permit.pk}/"
