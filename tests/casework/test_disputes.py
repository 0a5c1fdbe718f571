"""Disputes as the school uses them: recording one (the level sets the deadline and who is told
at once), parties masked for who lacks the ledger, mediation, settling with an outcome, the
escalation of an overdue dispute told once, the screening rounds due by rule, retention."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.casework.models import (
    Dispute,
    DisputeLevel,
    DisputeStatus,
    DisputeType,
    Screening,
)
from safecampus.casework.queries import disputes as queries
from safecampus.casework.services import disputes
from safecampus.casework.services.retention import apply_retention
from safecampus.core.errors import InvalidFields
from safecampus.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db


def _record(org, person, level="minor", **fields):
    base = {
        "actor": person("s01.officer"),
        "school": org("s01"),
        "type": DisputeType.objects.get(code="school-parents"),
        "level": DisputeLevel.objects.get(code=level),
        "parties": "欧阳纠纷, 家长\n学校",
        "summary": "测试纠纷",
        "handler": person("s01.headteacher"),
    }
    return disputes.record_dispute(**{**base, **fields})


def test_the_officer_records_a_dispute_and_the_level_sets_its_deadline(login, org, person):
    school = org("s01")
    major = DisputeLevel.objects.get(code="major")
    response = login("s01.officer").post(
        f"/schools/{school.pk}/casework/disputes/new/",
        {
            "type": DisputeType.objects.get(code="school-society").pk,
            "level": major.pk,
            "parties": "欧阳纠纷, 居民",
            "summary": "噪音投诉",
            "handler": person("s01.principal").pk,
        },
    )
    assert response.status_code == 302
    dispute = Dispute.objects.latest("pk")
    assert dispute.deadline == timezone.localdate() + timedelta(days=major.settle_days)
    assert Notification.objects.filter(user=person("s01.principal"), kind="dispute.record").exists()


def test_parties_are_masked_for_the_head_teacher_and_shown_to_the_keepers(login, org, person):
    dispute = _record(org, person, handler=person("s01.principal"))
    url = f"/schools/{org('s01').pk}/casework/disputes/"
    masked = login("s01.headteacher").get(url).content.decode()
    assert "欧阳纠纷" not in masked and "欧***, 家长" in masked
    assert "欧阳纠纷" in login("s01.officer").get(url).content.decode()
    assert login("s01.headteacher").get(dispute.get_absolute_url()).status_code == 403
    page = login("s01.officer").get(dispute.get_absolute_url())
    assert "欧阳纠纷" in page.content.decode()
    reads = AuditEvent.objects.filter(action="dispute.read", object_id=str(dispute.pk))
    assert reads.count() == 1


def test_the_handler_reads_their_dispute(login, org, person):
    dispute = _record(org, person)
    assert login("s01.headteacher").get(dispute.get_absolute_url()).status_code == 200


def test_mediation_then_settling_needs_an_outcome(login, org, person):
    dispute = _record(org, person)
    client = login("s01.officer")
    client.post(dispute.get_absolute_url() + "mediate/", {"note": "双方同意各退一步"})
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.MEDIATING
    assert (
        client.post(dispute.get_absolute_url() + "move/settle/", {"outcome": ""}).status_code == 400
    )
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.MEDIATING
    client.post(dispute.get_absolute_url() + "move/settle/", {"outcome": "已和解"})
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.SETTLED and dispute.closed_on == timezone.localdate()


def test_an_overdue_dispute_is_escalated_once_and_the_bureau_told_for_a_major_one(
    org, person, django_capture_on_commit_callbacks
):
    dispute = _record(org, person, level="major")
    Dispute.objects.filter(pk=dispute.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    Notification.objects.filter(kind="dispute.escalate").delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert disputes.escalate_overdue() >= 1
    told = Notification.objects.filter(kind="dispute.escalate")
    people = set(told.values_list("user__username", flat=True))
    assert "s01.principal" in people and "bureau.admin" in people
    assert not told.filter(user__username="bureau.admin").exclude(url="").exists()
    again = told.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert disputes.escalate_overdue() == 0
    assert Notification.objects.filter(kind="dispute.escalate").count() == again
    dispute.refresh_from_db()
    assert dispute.escalated_at is not None


def test_a_screening_round_moves_what_is_due(org, person, login):
    school = org("s01")
    Screening.objects.filter(school=school).delete()
    due = queries.screening_due(user=person("s01.officer"), school=school)
    assert all(late for _label, _done, _due, late in due)
    response = login("s01.officer").post(
        f"/schools/{school.pk}/casework/screenings/", {"scope": "big", "found": "2"}
    )
    assert response.status_code == 302
    due = queries.screening_due(user=person("s01.officer"), school=school)
    assert not any(late for _label, _done, _due, late in due)
    with pytest.raises(InvalidFields):
        disputes.record_screening(
            actor=person("s01.officer"), school=school, scope="small", found=-1
        )


def test_retention_anonymises_a_dispute_settled_long_ago(org, person):
    dispute = _record(org, person)
    disputes.move(actor=person("s01.officer"), dispute=dispute, action="settle", outcome="已和解")
    Dispute.objects.filter(pk=dispute.pk).update(
        closed_on=timezone.localdate() - timedelta(days=4 * 365)
    )
    apply_retention()
    dispute.refresh_from_db()
    assert dispute.anonymised_at is not None and "欧阳" not in dispute.parties


def test_the_api_list_masks_parties(login, org, person):
    _record(org, person, handler=person("s01.principal"))
    rows = login("s01.headteacher").get(f"/api/v1/schools/{org('s01').pk}/disputes").json()
    assert any("欧***, 家长" in row["parties"] for row in rows["items"])
    assert not any("欧阳纠纷" in party for row in rows["items"] for party in row["parties"])


def test_the_head_teacher_handling_a_dispute_records_its_mediation(login, org, person):
    """ "小矛盾不出班": the head teacher handling a quarrel in their class mediates it without the
    ledger's manage right; one not handling it is refused and nothing changes."""
    mine = _record(org, person)
    page = login("s01.headteacher").get(mine.get_absolute_url()).content.decode()
    assert 'id="mediation-form"' in page and 'id="outcome-form"' not in page
    response = login("s01.headteacher").post(
        mine.get_absolute_url() + "mediate/", {"note": "班会后双方握手言和"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == DisputeStatus.MEDIATING
    assert mine.mediations.get().by == person("s01.headteacher")
    other = _record(org, person, handler=person("s01.principal"))
    refused = login("s01.headteacher").post(other.get_absolute_url() + "mediate/", {"note": "x"})
    assert refused.status_code == 403
    assert not other.mediations.exists()
