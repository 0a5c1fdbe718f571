"""Casework's workflow tables hold (tests/workflows.py): every listed move lands where the
table says; every other is refused with the table's message and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.casework.models import (
    AccessGrant,
    ConcernCategory,
    ConcernFollowUp,
    Dispute,
    DisputeLevel,
    DisputeType,
    Mediation,
    PersonOfConcern,
)
from safecampus.casework.services import access, concerns, disputes
from safecampus.casework.workflow import ACCESS, CONCERN, DISPUTE
from safecampus.core.models import AuditEvent, Notification
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db

NOTES = st.sampled_from(["已核实", "  需要了解情况  ", "100%，%(x)s"])


def _trace(model, row):
    return (
        list(model.objects.filter(pk=row.pk).values()),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


@every_move(ACCESS, note=(NOTES, "已核实"))
def test_an_access_request_follows_its_table(state, action, note, org, person):
    school, head, principal = org("s01"), person("s01.headteacher"), person("s01.principal")

    def make(state):
        case = PersonOfConcern.objects.create(
            school=school,
            subject_kind="outsider",
            name="流程某",
            category=ConcernCategory.objects.get(code="conflict-parent"),
            risk_level="low",
            responsible=principal,
            opened_on=timezone.localdate(),
            created_by=principal,
        )
        return AccessGrant.objects.create(
            school=school,
            ledger="concern",
            record_id=case.pk,
            requested_by=head,
            reason="需要",
            status=state,
            expires_at=timezone.now() + timedelta(hours=1) if state == "approved" else None,
        )

    def act(grant, action):
        actor = head if action == "withdraw" else principal
        access.decide(actor=actor, grant=grant, action=action, note=note)

    check_move(ACCESS, state, action, make=make, act=act, trace=lambda g: _trace(AccessGrant, g))


@every_move(CONCERN, note=(NOTES, "已核实"))
def test_a_person_of_concern_follows_its_table(state, action, note, org, person):
    school, officer, principal = org("s01"), person("s01.officer"), person("s01.principal")

    def make(state):
        case = PersonOfConcern.objects.create(
            school=school,
            subject_kind="outsider",
            name="流程某",
            category=ConcernCategory.objects.get(code="conflict-parent"),
            risk_level="low",
            responsible=principal,
            opened_on=timezone.localdate(),
            status=state,
            created_by=officer,
        )
        ConcernFollowUp.objects.create(concern=case, due_on=timezone.localdate())
        return case

    def act(case, action):
        if action == "assess":
            concerns.assess(actor=officer, concern=case, risk_level="middle", measures=note)
        elif action == "follow_up":
            concerns.follow_up(actor=officer, concern=case, note=note)
        else:
            concerns.move(actor=officer, concern=case, action=action, reason=note)

    def trace(case):
        return (
            _trace(PersonOfConcern, case),
            list(ConcernFollowUp.objects.filter(concern=case).values()),
        )

    check_move(CONCERN, state, action, make=make, act=act, trace=trace)


@every_move(DISPUTE, note=(NOTES, "已核实"))
def test_a_dispute_follows_its_table(state, action, note, org, person):
    school, officer, principal = org("s01"), person("s01.officer"), person("s01.principal")

    def make(state):
        return Dispute.objects.create(
            school=school,
            type=DisputeType.objects.get(code="student-student"),
            level=DisputeLevel.objects.get(code="minor"),
            parties="流程某, 学生",
            summary="流程",
            handler=principal,
            status=state,
            found_on=timezone.localdate(),
            deadline=timezone.localdate(),
            created_by=officer,
        )

    def act(dispute, action):
        if action == "mediate":
            disputes.mediate(actor=officer, dispute=dispute, note=note)
        else:
            disputes.move(actor=officer, dispute=dispute, action=action, outcome=note)

    def trace(dispute):
        return (
            _trace(Dispute, dispute),
            Mediation.objects.filter(dispute=dispute).count(),
        )

    check_move(DISPUTE, state, action, make=make, act=act, trace=trace)
