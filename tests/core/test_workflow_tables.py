"""The kernel's workflow tables hold: every move a table lists succeeds and lands where it says;
every other is refused with the table's message and changes nothing (tests/workflows.py)."""

from datetime import date

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.core.models import (
    AuditEvent,
    LetterRecipient,
    Membership,
    Notification,
    Post,
    PostAssignment,
    ResponsibilityLetter,
    User,
)
from safecampus.core.roles import Role
from safecampus.core.services import letters, people, posts
from safecampus.core.workflows import (
    LETTER,
    MEMBERSHIP,
    POST_ASSIGNMENT,
    Signature,
    Tenure,
)
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db

REASONS = st.sampled_from(["合同到期", "  调往分校  ", "完成率50%，%(place)s", ""])


def _trace(*querysets):
    return (
        [list(qs.order_by("pk").values()) for qs in querysets],
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _newcomer():
    return User.objects.create(username="wf.newcomer", display_name="新同事")


@every_move(LETTER)
def test_a_letter_as_its_recipient_has_it_follows_its_table(state, action, org, person):
    school, guard = org("s01"), person("s01.guard")

    def make(state):
        letter = ResponsibilityLetter.objects.create(
            school=school,
            title="门卫岗位安全责任书",
            body="门卫对校门安全负直接责任。",
            term_start=date(2026, 9, 1),
            term_end=date(2027, 7, 10),
            issued_by=person("s01.officer"),
        )
        signed = state == Signature.SIGNED
        return LetterRecipient.objects.create(
            letter=letter,
            user=guard,
            signed_at=timezone.now() if signed else None,
            signed_name=str(guard) if signed else "",
        )

    check_move(
        LETTER,
        state,
        action,
        make=make,
        act=lambda recipient, _action: letters.sign_letter(actor=guard, recipient=recipient),
        trace=lambda recipient: _trace(LetterRecipient.objects.filter(pk=recipient.pk)),
    )


@every_move(MEMBERSHIP, reason=(REASONS, "合同到期"))
def test_a_role_follows_its_table(state, action, reason, org, person):
    school, officer = org("s01"), person("s01.officer")

    def make(state):
        return Membership.objects.create(
            user=_newcomer(),
            org=school,
            role=Role.TEACHER,
            ended_at=timezone.now() if state == Tenure.ENDED else None,
        )

    check_move(
        MEMBERSHIP,
        state,
        action,
        make=make,
        act=lambda membership, _action: people.end_role(
            actor=officer, membership=membership, reason=reason
        ),
        trace=lambda membership: _trace(Membership.objects.filter(pk=membership.pk)),
    )


@every_move(POST_ASSIGNMENT)
def test_a_post_held_follows_its_table(state, action, org, person):
    school, officer = org("s01"), person("s01.officer")
    post = Post.objects.filter(school=school).order_by("pk").first()

    def make(state):
        newcomer = _newcomer()
        Membership.objects.create(user=newcomer, org=school, role=Role.TEACHER)
        return PostAssignment.objects.create(
            post=post,
            user=newcomer,
            ended_at=timezone.now() if state == Tenure.ENDED else None,
        )

    check_move(
        POST_ASSIGNMENT,
        state,
        action,
        make=make,
        act=lambda assignment, _action: posts.end_assignment(actor=officer, assignment=assignment),
        trace=lambda assignment: _trace(PostAssignment.objects.filter(pk=assignment.pk)),
    )


def test_the_tables_name_their_actions():
    assert LETTER.actions == ["sign"]
    assert MEMBERSHIP.actions == POST_ASSIGNMENT.actions == ["end"]
