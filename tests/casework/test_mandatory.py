"""Mandatory reports as a school uses them: logging one tells the police liaison and the bureau
at once (no name, no link); the report is due by the trigger's minutes, overdue while open and
late once made after it; the minor is masked for the head teacher; retention anonymises."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.casework.models import MandatoryReport, MandatoryTrigger
from safecampus.casework.queries import mandatory as queries
from safecampus.casework.services import mandatory
from safecampus.casework.services.retention import apply_retention
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

SUBJECT = "欧阳强报, 四年级"


def _log(org, person, **fields):
    base = {
        "actor": person("s01.officer"),
        "school": org("s01"),
        "trigger": MandatoryTrigger.objects.get(code="abandoned"),
        "subject": SUBJECT,
        "summary": "无人照料",
        "handler": person("s01.headteacher"),
    }
    return mandatory.log_report(**{**base, **fields})


def test_logging_tells_the_police_and_the_bureau_at_once(
    login, org, person, django_capture_on_commit_callbacks
):
    trigger = MandatoryTrigger.objects.get(code="girl-under-14")
    with django_capture_on_commit_callbacks(execute=True):
        response = login("s01.officer").post(
            f"/schools/{org('s01').pk}/casework/mandatory/new/",
            {
                "trigger": trigger.pk,
                "subject": SUBJECT,
                "summary": "疑似性侵害",
                "handler": person("s01.principal").pk,
            },
        )
    assert response.status_code == 302
    report = MandatoryReport.objects.get(subject=SUBJECT)
    assert report.report_by == report.learned_at + timedelta(minutes=trigger.report_minutes)
    told = Notification.objects.filter(kind="mandatory.log", title__contains=trigger.name)
    for username in ("police.liaison", "bureau.admin"):
        note = told.get(user=person(username))
        assert note.url == "" and "欧阳" not in note.title + note.body
    assert told.filter(user=person("s01.principal"), url=report.get_absolute_url()).exists()


def test_overdue_then_late_are_derived_and_shown(login, org, person):
    report = _log(org, person, learned_at=timezone.now() - timedelta(hours=3))
    school = org("s01")
    assert queries.counts(user=person("s01.officer"), school=school)["overdue"] >= 1
    page = login("s01.officer").get(report.get_absolute_url()).content.decode()
    assert 'id="mandatory-overdue"' in page
    listed = login("s01.officer").get(f"/schools/{school.pk}/casework/mandatory/?overdue=on")
    assert f"#{report.pk} ·" in listed.content.decode()
    mandatory.record_sent(actor=person("s01.officer"), report=report, reported_to="派出所")
    report.refresh_from_db()
    assert report.status == "reported" and report.on_time is False
    assert (
        'id="mandatory-late"'
        in login("s01.officer").get(report.get_absolute_url()).content.decode()
    )


def test_a_report_on_time(org, person):
    report = _log(org, person)
    mandatory.record_sent(actor=person("s01.officer"), report=report, reported_to="派出所")
    report.refresh_from_db()
    assert report.on_time is True
    with pytest.raises(DomainError):
        mandatory.record_sent(actor=person("s01.officer"), report=report, reported_to="again")


def test_bad_input_changes_nothing(org, person):
    count = MandatoryReport.objects.count()
    with pytest.raises(InvalidFields) as refused:
        _log(org, person, subject="", summary="", learned_at=timezone.now() + timedelta(hours=1))
    assert set(refused.value.fields) == {"subject", "summary", "learned_at"}
    assert MandatoryReport.objects.count() == count


def test_the_minor_is_masked_for_the_head_teacher_and_the_read_audited(login, org, person):
    report = _log(org, person, handler=person("s01.principal"))
    url = f"/schools/{org('s01').pk}/casework/mandatory/"
    masked = login("s01.headteacher").get(url).content.decode()
    assert "欧阳强报" not in masked and "欧***, 四年级" in masked
    assert login("s01.headteacher").get(report.get_absolute_url()).status_code == 403
    login("s01.officer").get(report.get_absolute_url())
    reads = AuditEvent.objects.filter(action="mandatory.read", object_id=str(report.pk))
    assert reads.count() == 1


def test_retention_anonymises_old_closed_reports(org, person):
    officer = person("s01.officer")
    old = _log(org, person)
    mandatory.record_sent(actor=officer, report=old, reported_to="派出所")
    mandatory.close(actor=officer, report=old, outcome="已处置")
    MandatoryReport.objects.filter(pk=old.pk).update(
        closed_on=timezone.localdate() - timedelta(days=4000)
    )
    open_one = _log(org, person)
    apply_retention()
    old.refresh_from_db()
    open_one.refresh_from_db()
    assert old.anonymised_at is not None and "欧阳" not in old.subject and old.summary == ""
    assert open_one.anonymised_at is None and open_one.subject == SUBJECT


def test_the_bureau_reads_reports_made_in_time_per_school(org, person):
    from safecampus.casework.metrics import mandatory_on_time, mandatory_overdue
    from safecampus.core.metrics import Period
    from safecampus.core.models import Org as OrgModel

    school = org("s01")
    schools = OrgModel.objects.filter(pk=school.pk)
    period = Period.year(timezone.localdate().year)
    made = _log(org, person)
    mandatory.record_sent(actor=person("s01.officer"), report=made, reported_to="派出所")
    before = mandatory_on_time(schools, period)[school.pk]
    overdue = mandatory_overdue(schools, period).get(school.pk, 0)
    _log(org, person, learned_at=timezone.now() - timedelta(hours=5))
    assert mandatory_on_time(schools, period)[school.pk] < before
    assert mandatory_overdue(schools, period)[school.pk] == overdue + 1
