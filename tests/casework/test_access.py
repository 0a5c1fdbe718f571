"""Need-to-know access, as a person meets it: masked lists, one audit event per full read, a
request approved for a limited time that then expires, the retention task, the access report
and the annual compliance report."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.casework.models import (
    AccessGrant,
    ConcernStatus,
    GrantStatus,
    Ledger,
    PersonOfConcern,
    RetentionRule,
)
from safecampus.casework.services import access, concerns
from safecampus.casework.services.retention import apply_retention
from safecampus.core.audit_labels import action_label
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(org, person):
    """An open case about an outsider at s01, the principal responsible."""
    return concerns.open_concern(
        actor=person("s01.officer"),
        school=org("s01"),
        subject_kind="outsider",
        name="欧阳测试",
        id_number="",
        category=_category("conflict-outsider"),
        risk_level="middle",
        responsible=person("s01.principal"),
        assessment="测试评估内容",
    )


def _category(code):
    from safecampus.casework.models import ConcernCategory

    return ConcernCategory.objects.get(code=code)


def _reads(case):
    return AuditEvent.objects.filter(action="concern.read", object_id=str(case.pk))


def test_the_list_masks_names_for_who_lacks_the_ledger_and_shows_them_to_its_keepers(
    case, login, org
):
    url = f"/schools/{org('s01').pk}/casework/concerns/"
    masked = login("s01.headteacher").get(url).content.decode()
    assert "欧阳测试" not in masked
    assert "欧***" in masked
    assert "欧阳测试" in login("s01.officer").get(url).content.decode()
    api = login("s01.headteacher").get(f"/api/v1/schools/{org('s01').pk}/concerns").json()
    names = {row["id"]: row["name"] for row in api["items"]}
    assert names[case.pk] == "欧***"


def test_every_full_read_leaves_exactly_one_audit_event_and_no_name(case, login):
    client = login("s01.officer")
    assert client.get(case.get_absolute_url()).status_code == 200
    assert _reads(case).count() == 1
    assert client.get(f"/api/v1/concerns/{case.pk}").status_code == 200
    assert _reads(case).count() == 2
    assert not AuditEvent.objects.filter(object_repr__contains="欧阳").exists()


def test_a_refused_read_is_not_a_read(case, login):
    response = login("s01.headteacher").get(case.get_absolute_url())
    assert response.status_code == 403
    assert "欧阳测试" not in response.content.decode()
    assert _reads(case).count() == 0


def test_a_request_approved_gives_access_until_it_expires(case, login, person):
    head, principal = person("s01.headteacher"), person("s01.principal")
    client = login("s01.headteacher")
    response = client.post(
        case.get_absolute_url() + "request-access/", {"reason": "家长会前了解情况"}
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get(requested_by=head, record_id=case.pk)
    assert grant.status == GrantStatus.REQUESTED
    assert client.get(case.get_absolute_url()).status_code == 403
    with pytest.raises(PermissionRefused):
        access.decide(actor=head, grant=grant, action="approve")
    login("s01.principal", client)
    client.post(f"/casework/access/{grant.pk}/approve/", {"note": "仅限本次"})
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED
    assert grant.decided_by == principal
    hours = (grant.expires_at - grant.decided_at).total_seconds() / 3600
    assert round(hours) == 72  # the default rule
    reader = login("s01.headteacher")
    page = reader.get(case.get_absolute_url())
    assert page.status_code == 200
    assert "欧阳测试" in page.content.decode()
    assert _reads(case).get().changes == {"basis": "grant"}
    AccessGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert reader.get(case.get_absolute_url()).status_code == 403
    assert _reads(case).count() == 1
    actions = set(
        AuditEvent.objects.filter(
            object_id=str(grant.pk), action__startswith="casework."
        ).values_list("action", flat=True)
    )
    assert actions == {"casework.access_request", "casework.access_approve"}


def test_a_request_needs_a_reason_and_is_not_repeated(case, person):
    head = person("s01.headteacher")
    with pytest.raises(DomainError):
        access.request_access(actor=head, ledger=Ledger.CONCERN, record=case, reason="  ")
    access.request_access(actor=head, ledger=Ledger.CONCERN, record=case, reason="需要")
    with pytest.raises(DomainError):
        access.request_access(actor=head, ledger=Ledger.CONCERN, record=case, reason="再次")
    assert AccessGrant.objects.filter(record_id=case.pk).count() == 1


def test_a_revoked_access_ends_at_once(case, person):
    head, principal = person("s01.headteacher"), person("s01.principal")
    grant = access.request_access(actor=head, ledger=Ledger.CONCERN, record=case, reason="需要")
    access.decide(actor=principal, grant=grant, action="approve")
    access.read_record(actor=head, ledger=Ledger.CONCERN, record=case)
    access.decide(actor=principal, grant=grant, action="revoke")
    with pytest.raises(PermissionRefused):
        access.read_record(actor=head, ledger=Ledger.CONCERN, record=case)


def _closed(case, person, days_ago):
    concerns.move(actor=person("s01.officer"), concern=case, action="close", reason="已化解")
    PersonOfConcern.objects.filter(pk=case.pk).update(
        closed_on=timezone.localdate() - timedelta(days=days_ago)
    )


def test_retention_anonymises_what_expired_and_nothing_else(case, org, person):
    rule = RetentionRule.objects.get(org=None, ledger=Ledger.CONCERN)
    young = concerns.open_concern(
        actor=person("s01.officer"),
        school=org("s01"),
        subject_kind="outsider",
        name="年轻个案",
        category=_category("conflict-parent"),
        risk_level="low",
        responsible=person("s01.principal"),
    )
    _closed(case, person, rule.days_after_close + 1)
    _closed(young, person, rule.days_after_close - 1)
    still_open = set(
        PersonOfConcern.objects.exclude(status=ConcernStatus.CLOSED).values_list("pk", "name")
    )
    done = apply_retention()
    assert done.get(org("s01").pk, 0) >= 1
    case.refresh_from_db()
    young.refresh_from_db()
    assert case.anonymised_at is not None
    assert "欧阳" not in case.name and case.assessment == ""
    assert young.anonymised_at is None and young.name == "年轻个案"
    assert (
        set(PersonOfConcern.objects.exclude(status=ConcernStatus.CLOSED).values_list("pk", "name"))
        == still_open
    )
    assert apply_retention() == {}  # nothing twice
    event = AuditEvent.objects.filter(action="casework.retention", org=org("s01")).latest("seq")
    assert event.changes["count"] == done[org("s01").pk]


def test_a_school_rule_that_deletes_applies_to_that_school_only(case, org, person):
    RetentionRule.objects.create(
        org=org("s01"), ledger=Ledger.CONCERN, days_after_close=10, action="delete"
    )
    _closed(case, person, 11)
    apply_retention()
    assert not PersonOfConcern.objects.filter(pk=case.pk).exists()


def test_the_access_report_shows_who_read_what_and_the_compliance_report_counts_it(
    case, login, org, person
):
    login("s01.officer").get(case.get_absolute_url())
    school = org("s01")
    principal = login("s01.principal")
    report = principal.get(f"/schools/{school.pk}/casework/access-log/").content.decode()
    assert case.reference in report
    assert str(person("s01.officer")) in report
    response = principal.get(
        f"/schools/{school.pk}/casework/compliance.xlsx?year={timezone.localdate().year}"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert summary[str(action_label("concern.read"))] >= 1
    log = list(book.worksheets[1].iter_rows(values_only=True))
    assert any(case.reference in (row[3] or "") for row in log)
    assert not any("欧阳" in str(cell) for row in log for cell in row)
    assert (
        principal.get(f"/schools/{school.pk}/casework/compliance.xlsx?year=1900").status_code == 404
    )
    assert login("s01.officer").get(f"/schools/{school.pk}/casework/access-log/").status_code == 403
