"""Bullying cases as a school and an anonymous reporter use them: the tip line stores nothing
of who sent it and is rate-limited; the tracking code follows the case and carries messages
both ways; the procedure's time limits come from the rules; a grave case is reported onward
before it closes; names are masked for who lacks the ledger; retention anonymises."""

import json
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from safecampus.casework.models import BullyingCase, BullyingMessage, BullyingRules
from safecampus.casework.models.bullying import code_digest
from safecampus.casework.queries import bullying as queries
from safecampus.casework.services import bullying
from safecampus.casework.services.retention import apply_retention
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import AuditEvent, Notification, Org

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
ACCOUNT = "欺凌测试说明"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _send(client, **fields):
    data = {"act": "verbal", "summary": ACCOUNT, "happened": "操场", **fields}
    return client.post("/tip/s01/", data, REMOTE_ADDR=ADDRESS)


def _code(response):
    page = response.content.decode()
    start = page.index('id="tracking-code">') + len('id="tracking-code">')
    return page[start : page.index("<", start)].strip()


def test_a_tip_stores_nothing_of_its_reporter(login, person, django_capture_on_commit_callbacks):
    """Sent by a logged-in teacher from a known address: the case, its audit event and the
    notices name neither, and the anonymous reporter gets no session."""
    teacher = person("s01.teacher")
    audit_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(login("s01.teacher"))
    assert response.status_code == 200
    code = _code(response)
    case = BullyingCase.objects.get(summary=ACCOUNT)
    assert case.created_by is None and case.reporter == "" and case.channel == "tip"
    assert case.code_digest == code_digest(code) and code not in json.dumps(
        list(BullyingCase.objects.filter(pk=case.pk).values()), default=str
    )
    stored = json.dumps(
        [
            list(BullyingCase.objects.filter(pk=case.pk).values()),
            list(AuditEvent.objects.filter(pk__gt=audit_before or 0).values()),
            list(Notification.objects.filter(url=case.get_absolute_url()).values()),
        ],
        default=str,
        ensure_ascii=False,
    )
    for trace in (ADDRESS, teacher.username, teacher.display_name):
        assert trace not in stored
    assert not AuditEvent.objects.filter(pk__gt=audit_before or 0, actor=teacher).exists()
    sessions = Session.objects.count()
    anonymous = Client()
    _send(anonymous, summary=ACCOUNT + "2")
    assert Session.objects.count() == sessions and "sessionid" not in anonymous.cookies
    # The keepers are told; the notice names the case, not the account.
    assert Notification.objects.filter(
        user=person("s01.officer"), kind="bullying.report", url=case.get_absolute_url()
    ).exists()


def test_the_tip_line_is_rate_limited():
    client = Client()
    for _ in range(5):
        assert _send(client).status_code == 200
    assert _send(client).status_code == 429
    assert BullyingCase.objects.filter(summary=ACCOUNT).count() == 5


def test_guessing_tracking_codes_is_rate_limited():
    client = Client()
    statuses = [
        client.post(
            "/tip-follow/", {"code": f"AAAA-BBBB-CCCC-{n:04d}"}, REMOTE_ADDR=ADDRESS
        ).status_code
        for n in range(31)
    ]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429


def test_a_bad_tip_is_refused_and_creates_nothing():
    response = _send(Client(), act="", summary="")
    assert response.status_code == 400
    assert not BullyingCase.objects.filter(happened="操场").exists()


def test_the_reporter_and_the_school_talk_through_the_tracking_code(login, person):
    code = _code(_send(Client()))
    case = BullyingCase.objects.get(summary=ACCOUNT)
    officer = login("s01.officer")
    officer.post(f"/casework/bullying/{case.pk}/move/reply/", {"reply-body": "是哪个班？"})
    reporter = Client()
    page = reporter.post("/tip-follow/", {"code": code.lower()}).content.decode()
    assert "是哪个班？" in page and person("s01.officer").display_name not in page
    sent = reporter.post("/tip-follow/", {"code": code, "body": "初二（3）班"})
    assert sent.status_code == 200
    reply = BullyingMessage.objects.get(case=case, from_reporter=True)
    assert reply.body == "初二（3）班" and reply.author is None
    assert "初二（3）班" in officer.get(case.get_absolute_url()).content.decode()


def test_the_tracking_code_shows_the_accepted_state_and_its_deadline(login):
    code = _code(_send(Client()))
    case = BullyingCase.objects.get(summary=ACCOUNT)
    assert (
        login("s01.officer").post(f"/casework/bullying/{case.pk}/move/accept/").status_code == 302
    )
    case.refresh_from_db()
    rules = BullyingRules.objects.get(org=None)
    assert case.status == "investigating"
    assert case.investigate_by == timezone.localdate() + timedelta(days=rules.investigate_days)
    page = Client().post("/tip-follow/", {"code": code}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'id="followed-status">Investigating' in page.content.decode()
    assert case.investigate_by.isoformat() in page.content.decode()


def _staff_case(person, **fields):
    base = {
        "actor": person("s01.officer"),
        "school": Org.objects.get(code="s01"),
        "channel": "guardian",
        "reporter": "家长甲",
        "act": "physical",
        "summary": ACCOUNT,
        "parties": "欧阳欺凌, 学生",
        "handler": person("s01.principal"),
    }
    return bullying.record_case(**{**base, **fields})


def _finding(officer, case, severity="grave"):
    return bullying.determine(
        actor=officer,
        case=case,
        is_bullying=True,
        severity=severity,
        committee="校长、德育主任",
        finding="构成欺凌",
        families_informed_on=timezone.localdate(),
    )


def test_a_finding_needs_both_families_informed_and_the_committee(person):
    officer = person("s01.officer")
    case = bullying.accept(actor=officer, case=_staff_case(person))
    with pytest.raises(InvalidFields) as refused:
        bullying.determine(
            actor=officer,
            case=case,
            is_bullying=True,
            severity="",
            committee="",
            finding="",
            families_informed_on=None,
        )
    assert set(refused.value.fields) == {"severity", "committee", "finding", "families_informed_on"}
    case.refresh_from_db()
    assert case.status == "investigating"


def test_a_grave_case_is_reported_onward_before_it_closes(
    person, login, django_capture_on_commit_callbacks
):
    officer = person("s01.officer")
    case = _finding(officer, bullying.accept(actor=officer, case=_staff_case(person)))
    page = login("s01.officer").get(case.get_absolute_url()).content.decode()
    assert 'id="bullying-must-report"' in page
    with pytest.raises(DomainError):
        bullying.close(actor=officer, case=case)
    with django_capture_on_commit_callbacks(execute=True):
        bullying.pass_on(actor=officer, case=case, note="派出所、教育局")
    told = Notification.objects.filter(kind="bullying.pass_on")
    assert told.filter(user=person("police.liaison")).exists()
    assert told.filter(user=person("bureau.admin")).exists()
    assert not told.exclude(url="").exists()
    bullying.close(actor=officer, case=case)
    case.refresh_from_db()
    assert case.status == "closed" and case.reported_onward_at is not None


def test_an_appeal_after_its_limit_is_refused(person):
    officer = person("s01.officer")
    case = _finding(officer, bullying.accept(actor=officer, case=_staff_case(person)), "minor")
    BullyingCase.objects.filter(pk=case.pk).update(appeal_by=timezone.localdate() - timedelta(1))
    with pytest.raises(DomainError):
        bullying.appeal(actor=officer, case=case, note="家长不服")
    case.refresh_from_db()
    assert case.status == "determined"


def test_late_cases_are_shown_and_counted(person, login, org):
    case = _staff_case(person)
    BullyingCase.objects.filter(pk=case.pk).update(accept_by=timezone.localdate() - timedelta(1))
    school = org("s01")
    assert queries.counts(user=person("s01.officer"), school=school)["late"] >= 1
    page = login("s01.officer").get(f"/schools/{school.pk}/casework/bullying/?late=on")
    assert f"#{case.pk} ·" in page.content.decode()
    assert (
        'id="bullying-late"' in login("s01.officer").get(case.get_absolute_url()).content.decode()
    )


def test_names_are_masked_for_the_head_teacher(person, login, org):
    case = _staff_case(person)
    url = f"/schools/{org('s01').pk}/casework/bullying/"
    masked = login("s01.headteacher").get(url).content.decode()
    assert "欧阳欺凌" not in masked and "欧***, 学生" in masked
    assert login("s01.headteacher").get(case.get_absolute_url()).status_code == 403
    assert "欧阳欺凌" in login("s01.officer").get(url).content.decode()
    login("s01.officer").get(case.get_absolute_url())
    assert AuditEvent.objects.filter(action="bullying.read", object_id=str(case.pk)).count() == 1


def test_the_rules_page_shows_the_limits_and_their_sources(login, org):
    page = login("s01.headteacher").get(f"/schools/{org('s01').pk}/casework/rules/")
    assert "教督〔2017〕10号" in page.content.decode()


def test_retention_anonymises_old_closed_cases_and_drops_the_code(person):
    officer = person("s01.officer")
    case, code = bullying.submit_tip(
        school=Org.objects.get(code="s01"), act="verbal", summary=ACCOUNT
    )
    bullying.write(case=case, body="补充")
    bullying.dismiss(actor=officer, case=case, note="非欺凌")
    kept = _staff_case(person)
    BullyingCase.objects.filter(pk=case.pk).update(
        closed_on=timezone.localdate() - timedelta(days=4000)
    )
    apply_retention()
    case.refresh_from_db()
    kept.refresh_from_db()
    assert case.anonymised_at is not None and case.summary == "" and case.code_digest is None
    assert not BullyingMessage.objects.filter(case=case).exists()
    assert queries.public_case(code) is None
    assert kept.anonymised_at is None and kept.summary == ACCOUNT
