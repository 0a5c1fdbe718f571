"""The students' workflow table holds: a guardian's copy of a letter is acknowledged once, and
any other move is refused with the table's message and changes nothing (tests/workflows.py)."""

import secrets

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.core.models import AuditEvent, ResponsibilityLetter
from safecampus.students import letters, roster
from safecampus.students.models import (
    Guardian,
    GuardianLetter,
    MarkStatus,
    Roll,
    RollMark,
    RollStatus,
    Student,
)
from safecampus.students.workflow import GUARDIAN_LETTER, ROLL, Acknowledgement
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db

NAMES = st.sampled_from(["王爸爸", "  李妈妈  ", "50%，%(name)s", "Jo"])


@every_move(GUARDIAN_LETTER, name=(NAMES, "王爸爸"))
def test_a_guardians_copy_follows_its_table(state, action, name, org, person):
    school = org("s01")
    letter = ResponsibilityLetter.objects.filter(school=school).earliest("issued_at")
    guardian = (
        Guardian.objects.filter(student__school=school).exclude(letters__letter=letter).first()
    )

    def make(state):
        acknowledged = state == Acknowledgement.ACKNOWLEDGED
        return GuardianLetter.objects.create(
            letter=letter,
            guardian=guardian,
            token=secrets.token_urlsafe(32),
            sent_by=person("s01.principal"),
            acknowledged_at=timezone.now() if acknowledged else None,
            acknowledged_name="王爸爸" if acknowledged else "",
        )

    check_move(
        GUARDIAN_LETTER,
        state,
        action,
        make=make,
        act=lambda copy, _action: letters.acknowledge(copy=copy, name=name),
        trace=lambda copy: (
            list(GuardianLetter.objects.filter(pk=copy.pk).values()),
            AuditEvent.objects.count(),
        ),
    )


@every_move(ROLL, status=(st.sampled_from(MarkStatus.values), MarkStatus.MISSING))
def test_a_roll_is_marked_while_open_and_closed_once(state, action, status, org, person):
    school = org("s01")
    student = Student.objects.filter(school=school, is_active=True).first()

    def make(state):
        closed = state == RollStatus.CLOSED
        return Roll.objects.create(
            school=school,
            key=f"test:{secrets.token_hex(8)}",
            label="测试",
            status=state,
            opened_at=timezone.now(),
            closed_at=timezone.now() if closed else None,
        )

    moves = {
        "mark": lambda roll: roster.mark(
            actor=person("s01.teacher"), roll=roll, student=student, status=status
        ),
        "close": lambda roll: roster.close_roll(actor=person("s01.principal"), roll=roll),
    }
    check_move(
        ROLL,
        state,
        action,
        make=make,
        act=lambda roll, action: moves[action](roll),
        trace=lambda roll: (
            list(Roll.objects.filter(pk=roll.pk).values()),
            list(RollMark.objects.filter(roll=roll).values()),
            AuditEvent.objects.count(),
        ),
    )
