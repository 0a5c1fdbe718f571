"""The gate's workflow tables hold: every move a table lists succeeds and lands where it says;
every other is refused with the table's message and changes nothing (tests/workflows.py)."""

import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.core.models import AuditEvent, Notification
from safecampus.core.services import audit
from safecampus.gate.models import (
    ExitPermit,
    ExitStatus,
    PickupOutcome,
    PickupPerson,
    PickupProposal,
    PickupRecord,
    Release,
    Visit,
    VisitStatus,
    WatchlistEntry,
)
from safecampus.gate.services import exits, pickups, proposals, reunification, visits, watchlist
from safecampus.gate.workflow import (
    EXIT_PERMIT,
    PICKUP,
    PICKUP_PERSON,
    PICKUP_PROPOSAL,
    REUNIFICATION,
    VISIT,
    WATCHLIST_ENTRY,
    Authorisation,
    Listing,
    PickupDay,
    Reunion,
)
from safecampus.students import phone_login, roster
from safecampus.students.models import MarkStatus, RollMark, Student
from tests.helpers import png
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db

NOTES = st.sampled_from(["家长来电", "  核实身份后放行  ", "完成率50%，%(place)s", "note"])


def _trace(*querysets):
    """A snapshot of the rows a move may touch: `querysets` as values, plus the counts of the
    audit trail and the notifications."""
    return (
        [list(qs.order_by("pk").values()) for qs in querysets],
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


# Exit permits --------------------------------------------------------------------------------


@every_move(EXIT_PERMIT)
def test_exit_permits_follow_their_table(state, action, org, person):
    officer, guard = person("s01.officer"), person("s01.guard")
    student = Student.objects.filter(school=org("s01"), is_active=True).first()
    now = timezone.now()

    def make(status):
        return ExitPermit.objects.create(
            school=student.school,
            student=student,
            status=status,
            reason="看病",
            leave_from=now - timedelta(minutes=5),
            return_by=now + timedelta(hours=2),
            requested_by=officer,
            approved_by=None if status == ExitStatus.REQUESTED else officer,
            exited_at=now if status in (ExitStatus.OUT, ExitStatus.RETURNED) else None,
            returned_at=now if status == ExitStatus.RETURNED else None,
        )

    services = {
        "approve": lambda p: exits.approve_permit(actor=officer, permit=p),
        "cancel": lambda p: exits.cancel_permit(actor=officer, permit=p),
        "leave": lambda p: exits.record_exit(actor=guard, permit=p),
        "return": lambda p: exits.record_return(actor=guard, permit=p),
    }
    check_move(
        EXIT_PERMIT,
        state,
        action,
        make=make,
        act=lambda permit, action: services[action](permit),
        trace=lambda permit: _trace(ExitPermit.objects.filter(pk=permit.pk)),
    )


# Visits --------------------------------------------------------------------------------------


@every_move(
    VISIT,
    listed=(st.booleans(), False),
    note=(NOTES, "身份核实无误"),
)
def test_visits_follow_their_table(state, action, listed, note, org, person):
    school, guard = org("s01"), person("s01.guard")
    entry = WatchlistEntry.objects.filter(org=school, removed_at__isnull=True).first()
    now = timezone.now()

    def make(status):
        # A visitor on the school's watchlist is held when they arrive with their pass.
        visit = Visit.objects.create(
            school=school,
            status=status,
            name=entry.name if listed else "周访客",
            phone=entry.phone if listed else "13900000000",
            purpose="送教学用品",
            expected_on=timezone.localdate(),
            watchlist_entry=entry if status == VisitStatus.HELD else None,
            checked_in_at=now if status in (VisitStatus.ON_CAMPUS, VisitStatus.LEFT) else None,
            checked_out_at=now if status == VisitStatus.LEFT else None,
            registered_by=guard,
        )
        if status == VisitStatus.LEFT:
            # Checked out by this guard just now: the one check-out that may be undone.
            with transaction.atomic():
                audit.record(actor=guard, org=school, action="visit.check_out", obj=visit)
        return visit

    services = {
        "arrive": lambda v: visits.check_in_by_pass(actor=guard, visit=v),
        "refuse": lambda v: visits.refuse_entry(actor=guard, visit=v, note=note),
        "override": lambda v: visits.override(actor=guard, visit=v, reason=note),
        "check_out": lambda v: visits.check_out(actor=guard, visit=v),
        "undo_check_out": lambda v: visits.undo_check_out(actor=guard, visit=v),
    }
    check_move(
        VISIT,
        state,
        action,
        make=make,
        act=lambda visit, action: services[action](visit),
        trace=lambda visit: _trace(Visit.objects.filter(pk=visit.pk)),
    )


# Pick-ups ------------------------------------------------------------------------------------


def _kindergarten(org, person):
    school = org("s03")
    teacher = person("s03.officer")
    day = timezone.localdate()
    handed = PickupRecord.objects.filter(day=day, outcome=PickupOutcome.HANDED_OVER)
    child = (
        Student.objects.filter(school=school, is_active=True)
        .exclude(pk__in=handed.values("student"))
        .first()
    )
    return school, teacher, child, day


def _person(child, teacher, *, withdrawn=False):
    return PickupPerson.objects.create(
        student=child,
        name="王奶奶",
        relation="奶奶",
        phone="13800000000",
        consent="家长当面签字",
        consent_by="王爸爸",
        added_by=teacher,
        revoked_at=timezone.now() if withdrawn else None,
    )


@every_move(PICKUP, note=(NOTES, "核实身份"))
def test_a_childs_pickup_day_follows_its_table(state, action, note, org, person):
    school, teacher, child, day = _kindergarten(org, person)
    grandma = _person(child, teacher)

    def make(state):
        if state == PickupDay.PICKED_UP:
            PickupRecord.objects.create(
                school=school,
                student=child,
                day=day,
                outcome=PickupOutcome.HANDED_OVER,
                person=grandma,
                recorded_by=teacher,
                at=timezone.now(),
            )
        return (child, day)

    services = {
        "hand_over": lambda: pickups.hand_over(
            actor=teacher, student=child, person=grandma, note=note
        ),
        "refuse": lambda: pickups.refuse(
            actor=teacher, student=child, claimed_name="陌生人", note=note
        ),
    }
    check_move(
        PICKUP,
        state,
        action,
        make=make,
        act=lambda _child_day, action: services[action](),
        trace=lambda _child_day: _trace(PickupRecord.objects.filter(student=child)),
        again=lambda child_day: child_day,
    )


@every_move(PICKUP_PERSON)
def test_a_pickup_authorisation_follows_its_table(state, action, org, person):
    _school, teacher, child, _day = _kindergarten(org, person)

    def make(state):
        return _person(child, teacher, withdrawn=state == Authorisation.WITHDRAWN)

    services = {
        "hand_over": lambda p: pickups.hand_over(actor=teacher, student=child, person=p),
        "revoke": lambda p: pickups.revoke_person(actor=teacher, person=p),
        "set_photo": lambda p: pickups.set_person_photo(actor=teacher, person=p, photo=png()),
    }
    check_move(
        PICKUP_PERSON,
        state,
        action,
        make=make,
        act=lambda grandma, action: services[action](grandma),
        trace=lambda grandma: _trace(
            PickupPerson.objects.filter(pk=grandma.pk),
            PickupRecord.objects.filter(student=child),
        ),
    )


@every_move(PICKUP_PROPOSAL, reason=(NOTES, "家长未到校确认"))
def test_a_proposed_pickup_person_follows_its_table(state, action, reason, org, person):
    leader = person("s01.principal")
    guardian = (
        Student.objects.filter(school=org("s01"), is_active=True)
        .order_by("pk")
        .first()
        .guardians.exclude(phone="")
        .first()
    )
    account = phone_login.open_account(guardian.phone, guardian.name)

    def make(status):
        return PickupProposal.objects.create(
            school=guardian.student.school,
            student=guardian.student,
            account=account,
            proposed_by=guardian.name,
            name="王奶奶",
            relation="奶奶",
            phone="13900000001",
            status=status,
        )

    services = {
        "confirm": lambda p: proposals.confirm(actor=leader, proposal=p),
        "refuse": lambda p: proposals.refuse(actor=leader, proposal=p, reason=reason),
        "withdraw": lambda p: proposals.withdraw(account=account, proposal=p),
    }
    check_move(
        PICKUP_PROPOSAL,
        state,
        action,
        make=make,
        act=lambda proposal, action: services[action](proposal),
        trace=lambda proposal: _trace(
            PickupProposal.objects.filter(pk=proposal.pk),
            PickupPerson.objects.filter(student=guardian.student),
        ),
    )


# The watchlist -------------------------------------------------------------------------------


@every_move(WATCHLIST_ENTRY)
def test_a_watchlist_entry_follows_its_table(state, action, org, person):
    officer = person("s01.officer")

    def make(state):
        return WatchlistEntry.objects.create(
            org=org("s01"),
            name="赵某",
            phone="19700000009",
            reason="与家长纠纷",
            listed_by=officer,
            removed_at=timezone.now() if state == Listing.REMOVED else None,
        )

    check_move(
        WATCHLIST_ENTRY,
        state,
        action,
        make=make,
        act=lambda entry, _action: watchlist.remove_entry(actor=officer, entry=entry),
        trace=lambda entry: _trace(WatchlistEntry.objects.filter(pk=entry.pk)),
    )


def test_every_state_and_action_is_named_in_the_tables():
    """The tables cover the statuses the models have, and the services' actions are theirs."""
    assert set(EXIT_PERMIT.states) == set(ExitStatus)
    assert set(VISIT.states) == set(VisitStatus)
    assert EXIT_PERMIT.actions == ["approve", "cancel", "leave", "return"]
    assert VISIT.actions == ["arrive", "check_out", "override", "refuse", "undo_check_out"]


@every_move(REUNIFICATION)
def test_a_students_reunification_follows_its_table(state, action, org, person):
    school, guard = org("s01"), person("s01.guard")
    student = Student.objects.filter(school=school, is_active=True, guardians__isnull=False)[0]
    guardian = student.guardians.first()
    roll = roster.open_roll(school=school, key=f"test:{uuid.uuid4().hex}", label="火警")

    def make(state):
        if state == Reunion.RELEASED:
            Release.objects.create(
                school=school,
                roll=roll,
                student=student,
                guardian=guardian,
                released_to=str(guardian),
                id_type="resident",
                id_last4="1234",
                released_by=guard,
                released_at=timezone.now(),
            )
        if state == Reunion.ABSENT:
            RollMark.objects.create(
                roll=roll, student=student, status=MarkStatus.ABSENT, marked_at=timezone.now()
            )
        return (roll, student)

    services = {
        "release": lambda: reunification.release(
            actor=guard,
            roll=roll,
            student=student,
            guardian=guardian,
            id_type="resident",
            id_last4="1234",
        ),
        "refuse": lambda: reunification.refuse(
            actor=guard, roll=roll, student=student, claimed_name="陌生人"
        ),
    }
    check_move(
        REUNIFICATION,
        state,
        action,
        make=make,
        act=lambda _roll_student, action: services[action](),
        trace=lambda _roll_student: (
            list(Release.objects.filter(roll=roll).values()),
            AuditEvent.objects.count(),
            Notification.objects.count(),
        ),
        again=lambda roll_student: roll_student,
    )
