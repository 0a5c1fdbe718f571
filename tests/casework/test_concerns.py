"""Persons of concern as the school uses them: opening a case (from the page), the police
flag from the psychological risk rule, follow-ups and the derived overdue review, closing and
reopening, bad input refused with nothing changed, the bureau's counts without names."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.casework.models import (
    ConcernCategory,
    ConcernFollowUp,
    ConcernStatus,
    PersonOfConcern,
)
from safecampus.casework.services import concerns
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.metrics import Period, table
from safecampus.core.models import AuditEvent, Notification, Org
from safecampus.students.models import Student

pytestmark = pytest.mark.django_db


def _category(code):
    return ConcernCategory.objects.get(code=code)


def _open(org, person, **fields):
    base = {
        "actor": person("s01.officer"),
        "school": org("s01"),
        "subject_kind": "outsider",
        "name": "测试某",
        "category": _category("conflict-parent"),
        "risk_level": "low",
        "responsible": person("s01.principal"),
    }
    return concerns.open_concern(**{**base, **fields})


def test_the_officer_opens_a_case_for_a_student_from_the_page(login, org, person):
    school = org("s01")
    student = Student.objects.filter(school=school, is_active=True).order_by("-pk").first()
    client = login("s01.officer")
    response = client.post(
        f"/schools/{school.pk}/casework/concerns/new/",
        {
            "subject_kind": "student",
            "student_number": student.student_number,
            "category": _category("bad-internet").pk,
            "risk_level": "middle",
            "responsible": person("s01.headteacher").pk,
            "measures": "每周家访",
        },
    )
    assert response.status_code == 302
    case = PersonOfConcern.objects.latest("pk")
    assert case.student == student and case.name == student.name
    assert case.status == ConcernStatus.MANAGED
    due = case.follow_ups.get(done_at__isnull=True).due_on
    assert due == timezone.localdate() + timedelta(days=30)
    assert Notification.objects.filter(
        user=person("s01.headteacher"), kind="concern.responsible"
    ).exists()
    page = client.get(case.get_absolute_url()).content.decode()
    assert student.name in page and "每周家访" in page


def test_a_wrong_student_number_keeps_what_was_typed_and_opens_nothing(login, org, person):
    school = org("s01")
    before = PersonOfConcern.objects.count()
    response = login("s01.officer").post(
        f"/schools/{school.pk}/casework/concerns/new/",
        {
            "subject_kind": "student",
            "student_number": "NO-SUCH",
            "category": _category("bad-internet").pk,
            "risk_level": "middle",
            "responsible": person("s01.headteacher").pk,
            "measures": "保留这段文字",
        },
    )
    assert response.status_code == 400
    assert "保留这段文字" in response.content.decode()
    assert PersonOfConcern.objects.count() == before


def test_a_responsible_person_must_see_casework(org, person):
    with pytest.raises(InvalidFields):
        _open(org, person, responsible=person("s01.teacher"))


def test_a_psychological_risk_of_three_flags_the_case_to_the_police(org, person):
    case = _open(org, person, category=_category("psych-risk"), psych_risk=3, risk_level="high")
    assert case.flagged
    police = person("police.liaison")
    assert Notification.objects.filter(user=police, kind="casework.flag").exists()
    assert "测试某" not in Notification.objects.filter(user=police).latest("pk").title
    calm = _open(org, person, psych_risk=2)
    assert not calm.flagged


def test_the_police_liaison_sees_only_flagged_cases_and_reads_them(org, person, login):
    flagged = _open(org, person, psych_risk=4, name="旗标某", risk_level="high")
    plain = _open(org, person, name="普通某")
    client = login("police.liaison")
    listed = client.get(f"/schools/{org('s01').pk}/casework/concerns/").content.decode()
    assert "旗标某" in listed and "普通某" not in listed
    assert client.get(flagged.get_absolute_url()).status_code == 200
    assert client.get(plain.get_absolute_url()).status_code == 404


def test_a_review_past_its_date_is_overdue_until_followed_up(org, person, login):
    case = _open(org, person, name="逾期某")
    ConcernFollowUp.objects.filter(concern=case).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    url = f"/schools/{org('s01').pk}/casework/concerns/?overdue=on"
    client = login("s01.officer")
    assert "逾期某" in client.get(url).content.decode()
    response = client.post(case.get_absolute_url() + "follow-up/", {"note": "已家访"})
    assert response.status_code == 302
    assert "逾期某" not in client.get(url).content.decode()
    assert case.follow_ups.filter(done_at__isnull=False).get().note == "已家访"


def test_a_follow_up_needs_a_note_and_a_next_date_within_the_rule(org, person):
    case = _open(org, person)
    officer = person("s01.officer")
    with pytest.raises(InvalidFields):
        concerns.follow_up(actor=officer, concern=case, note="")
    with pytest.raises(InvalidFields):
        concerns.follow_up(
            actor=officer,
            concern=case,
            note="好",
            next_due=timezone.localdate() + timedelta(days=90),
        )
    assert case.follow_ups.filter(done_at__isnull=False).count() == 0


def test_close_needs_a_reason_then_the_case_reopens(org, person, login):
    case = _open(org, person)
    client = login("s01.officer")
    response = client.post(case.get_absolute_url() + "move/close/", {"reason": ""})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status != ConcernStatus.CLOSED
    client.post(case.get_absolute_url() + "move/close/", {"reason": "已化解"})
    case.refresh_from_db()
    assert case.status == ConcernStatus.CLOSED and case.close_reason == "已化解"
    assert not case.follow_ups.filter(done_at__isnull=True).exists()
    with pytest.raises(DomainError):
        concerns.follow_up(actor=person("s01.officer"), concern=case, note="关闭后")
    client.post(case.get_absolute_url() + "move/reopen/")
    case.refresh_from_db()
    assert case.status == ConcernStatus.MANAGED
    assert case.follow_ups.filter(done_at__isnull=True).exists()


def test_the_audit_trail_never_holds_the_person_or_the_narrative(org, person):
    case = _open(org, person, name="隐私某", assessment="敏感叙述")
    concerns.assess(
        actor=person("s01.officer"),
        concern=case,
        risk_level="high",
        assessment="新的敏感叙述",
        measures="措施",
    )
    events = AuditEvent.objects.filter(object_id=str(case.pk), action__startswith="concern.")
    text = " ".join(f"{e.object_repr} {e.changes}" for e in events)
    assert "隐私某" not in text and "敏感叙述" not in text
    assert events.filter(action="concern.assess").exists()


def test_the_bureau_reads_counts_and_no_names(org, person, login):
    _open(org, person, risk_level="high", name="计数某")
    district = org("demo-district")
    schools = Org.objects.filter(pk__in=[org("s01").pk, org("s02").pk])
    figures = table(
        ["casework.open_concerns", "casework.high_risk"],
        schools,
        Period.month(timezone.localdate()),
    )
    assert figures["casework.high_risk"][org("s01").pk] >= 1
    client = login("bureau.admin")
    assert client.get(f"/schools/{org('s01').pk}/casework/concerns/").status_code == 403
    cockpit = client.get(f"/orgs/{district.pk}/cockpit/")
    assert "计数某" not in cockpit.content.decode()
