"""Casework's workflow tables hold (tests/workflows.py): every listed move lands where the
table says; every other is refused with the table's message and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.casework.models import (
    AccessGrant,
    BullyingCase,
    BullyingMessage,
    ConcernCategory,
    ConcernFollowUp,
    Dispute,
    DisputeLevel,
    DisputeType,
    HealthNote,
    MandatoryReport,
    MandatoryTrigger,
    Mediation,
    PersonOfConcern,
)
from safecampus.casework.services import access, bullying, concerns, disputes, health, mandatory
from safecampus.casework.workflow import ACCESS, BULLYING, CONCERN, DISPUTE, HEALTH, MANDATORY
from safecampus.core.models import AuditEvent, Notification
from safecampus.students.models import Student
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


@every_move(BULLYING, note=(NOTES, "已核实"))
def test_a_bullying_case_follows_its_table(state, action, note, org, person):
    school, officer = org("s01"), person("s01.officer")
    today = timezone.localdate()

    def make(state):
        return BullyingCase.objects.create(
            school=school,
            channel="tip",
            act="verbal",
            summary="流程",
            status=state,
            received_at=timezone.now(),
            accept_by=today,
            severity="minor",
            appeal_by=today + timedelta(days=3),
        )

    finding = {"is_bullying": True, "severity": "minor", "finding": note}
    steps = {
        "accept": lambda c: bullying.accept(actor=officer, case=c),
        "dismiss": lambda c: bullying.dismiss(actor=officer, case=c, note=note),
        "determine": lambda c: bullying.determine(
            actor=officer, case=c, committee=note, families_informed_on=today, **finding
        ),
        "measures": lambda c: bullying.take_measures(actor=officer, case=c, measures=note),
        "pass_on": lambda c: bullying.pass_on(actor=officer, case=c, note=note),
        "appeal": lambda c: bullying.appeal(actor=officer, case=c, note=note),
        "review": lambda c: bullying.review(actor=officer, case=c, **finding),
        "close": lambda c: bullying.close(actor=officer, case=c, note=note),
        "reply": lambda c: bullying.reply(actor=officer, case=c, body=note),
        "write": lambda c: bullying.write(case=c, body=note),
    }

    def trace(case):
        return (
            _trace(BullyingCase, case),
            BullyingMessage.objects.filter(case=case).count(),
        )

    check_move(BULLYING, state, action, make=make, act=lambda c, a: steps[a](c), trace=trace)


@every_move(MANDATORY, note=(NOTES, "已核实"))
def test_a_mandatory_report_follows_its_table(state, action, note, org, person):
    school, officer = org("s01"), person("s01.officer")

    def make(state):
        learned = timezone.now() - timedelta(hours=1)
        return MandatoryReport.objects.create(
            school=school,
            trigger=MandatoryTrigger.objects.get(code="begging"),
            subject="流程某",
            summary="流程",
            learned_at=learned,
            report_by=learned + timedelta(hours=1),
            status=state,
            handler=officer,
            created_by=officer,
        )

    def act(report, action):
        if action == "report":
            mandatory.record_sent(actor=officer, report=report, reported_to=note)
        else:
            mandatory.close(actor=officer, report=report, outcome=note)

    check_move(
        MANDATORY, state, action, make=make, act=act, trace=lambda r: _trace(MandatoryReport, r)
    )


@every_move(HEALTH, note=(NOTES, "已核实"))
def test_a_health_note_follows_its_table(state, action, note, org, person):
    school, medic = org("s01"), person("s01.medic")

    def make(state):
        return HealthNote.objects.create(
            school=school,
            student=Student.objects.filter(school=school).first(),
            kind="asthma",
            detail=note,
            emergency="流程",
            status=state,
            created_by=medic,
        )

    def act(row, action):
        health.close_note(actor=medic, note=row)

    check_move(HEALTH, state, action, make=make, act=act, trace=lambda r: _trace(HealthNote, r))
