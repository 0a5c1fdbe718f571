"""The gate's workflows as tables: (state, action) → (next state, who may act).

The services consult only these tables for whether a move is possible; the checks of each step
(a permit valid now, a reason given) stay in the services. A row is made by its create service
(issue_permit, register_visit, pre_register, add_person, add_entry) in its first state.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow
from safecampus.gate.models import (
    ExitStatus,
    PickupOutcome,
    PickupRecord,
    ProposalStatus,
    Release,
    VisitStatus,
)
from safecampus.students.models import MarkStatus, RollMark

# Who approves or cancels an exit permit: the student's head teacher (exit.issue) for their own
# class, or a school leader (student.manage) for any class. See services.exits.may_approve.
HEAD_TEACHER = "the student's head teacher"

# A student's exit permit (离校单): requested by staff or issued approved by the head teacher,
# used once at the gate.
EXIT_PERMIT = Workflow(
    {
        (ExitStatus.REQUESTED, "approve"): (ExitStatus.APPROVED, HEAD_TEACHER),
        (ExitStatus.REQUESTED, "cancel"): (ExitStatus.CANCELLED, HEAD_TEACHER),
        (ExitStatus.APPROVED, "cancel"): (ExitStatus.CANCELLED, HEAD_TEACHER),
        (ExitStatus.APPROVED, "leave"): (ExitStatus.OUT, Cap.GATE_DESK),
        (ExitStatus.OUT, "return"): (ExitStatus.RETURNED, Cap.GATE_DESK),
    },
    states=ExitStatus,
    refused={
        "approve": gettext_lazy("This permit is not waiting for approval."),
        "cancel": gettext_lazy("This permit can no longer be cancelled."),
        "leave": gettext_lazy(
            "No valid exit permit for now: the student may not leave through the gate."
        ),
        "return": gettext_lazy("This student has not left on this permit."),
    },
)


def _arrival(visit):
    # The watchlist check at arrival decides: a match holds the visitor at the gate.
    return VisitStatus.HELD if visit.watchlist_entry_id else VisitStatus.ON_CAMPUS


# A visit: a walk-in is registered and arrives at once; a pre-registered visitor arrives with
# their pass. Every arrival goes through the watchlist check.
VISIT = Workflow(
    {
        (VisitStatus.EXPECTED, "arrive"): (_arrival, Cap.GATE_DESK),
        (VisitStatus.EXPECTED, "refuse"): (VisitStatus.REFUSED, Cap.GATE_DESK),
        (VisitStatus.HELD, "refuse"): (VisitStatus.REFUSED, Cap.GATE_DESK),
        (VisitStatus.HELD, "override"): (VisitStatus.ON_CAMPUS, Cap.GATE_DESK),
        (VisitStatus.ON_CAMPUS, "check_out"): (VisitStatus.LEFT, Cap.GATE_DESK),
        # A check-out tapped on the wrong row is taken back by the same desk within minutes
        # (services.visits.undo_check_out holds the window and who may).
        (VisitStatus.LEFT, "undo_check_out"): (VisitStatus.ON_CAMPUS, Cap.GATE_DESK),
    },
    states=VisitStatus,
    refused={
        "arrive": gettext_lazy("This pass was already used."),
        "refuse": gettext_lazy("Only a visitor waiting at the gate can be refused."),
        "override": gettext_lazy(
            "Only a visitor held by a watchlist match can be admitted this way."
        ),
        "check_out": gettext_lazy("This visitor is not on campus."),
        "undo_check_out": gettext_lazy("This visitor has not been checked out."),
    },
)


class PickupDay(StrEnum):
    """A kindergarten child's day at the gate: waiting until one hand-over closes it."""

    WAITING = "waiting"
    PICKED_UP = "picked_up"


def pickup_day(student, day):
    handed = PickupRecord.objects.filter(
        student=student, day=day, outcome=PickupOutcome.HANDED_OVER
    ).exists()
    return PickupDay.PICKED_UP if handed else PickupDay.WAITING


PICKUP = Workflow(
    {
        (PickupDay.WAITING, "hand_over"): (PickupDay.PICKED_UP, (Cap.GATE_DESK, Cap.PICKUP_MANAGE)),
        # Someone not on the list is refused, and recorded, whether or not the child has gone.
        (PickupDay.WAITING, "refuse"): (PickupDay.WAITING, (Cap.GATE_DESK, Cap.PICKUP_MANAGE)),
        (PickupDay.PICKED_UP, "refuse"): (
            PickupDay.PICKED_UP,
            (Cap.GATE_DESK, Cap.PICKUP_MANAGE),
        ),
    },
    states=PickupDay,
    refused=gettext_lazy("This child has already been picked up today."),
    state=lambda child_day: pickup_day(*child_day),
)


class Authorisation(StrEnum):
    """A person a guardian authorised to pick up a child, until the authorisation is withdrawn."""

    AUTHORISED = "authorised"
    WITHDRAWN = "withdrawn"


def authorisation(person):
    return Authorisation.WITHDRAWN if person.revoked_at else Authorisation.AUTHORISED


PICKUP_PERSON = Workflow(
    {
        (Authorisation.AUTHORISED, "hand_over"): (
            Authorisation.AUTHORISED,
            (Cap.GATE_DESK, Cap.PICKUP_MANAGE),
        ),
        (Authorisation.AUTHORISED, "revoke"): (Authorisation.WITHDRAWN, Cap.PICKUP_MANAGE),
        (Authorisation.AUTHORISED, "set_photo"): (Authorisation.AUTHORISED, Cap.PICKUP_MANAGE),
    },
    states=Authorisation,
    refused={
        "hand_over": gettext_lazy("This person is not authorised to pick up this child."),
        "revoke": gettext_lazy("This authorisation was already withdrawn."),
        "set_photo": gettext_lazy("This authorisation was withdrawn: add the person again."),
    },
    state=authorisation,
)


# Who decides on a person a guardian proposed: a school leader (student.manage) for any child,
# or the child's head teacher with pick-up management. See services.proposals.may_decide.
HEAD_TEACHER_OR_LEADER = "the child's head teacher or a school leader"
# Who withdraws a proposal: the guardian account that made it (services.proposals.withdraw).
PROPOSER = "the guardian who proposed"

# A pick-up person proposed by a guardian on their phone: the school confirms (the person is
# then authorised, PICKUP_PERSON) or refuses with a reason; the guardian may withdraw it while
# it waits.
PICKUP_PROPOSAL = Workflow(
    {
        (ProposalStatus.PROPOSED, "confirm"): (ProposalStatus.CONFIRMED, HEAD_TEACHER_OR_LEADER),
        (ProposalStatus.PROPOSED, "refuse"): (ProposalStatus.REFUSED, HEAD_TEACHER_OR_LEADER),
        (ProposalStatus.PROPOSED, "withdraw"): (ProposalStatus.WITHDRAWN, PROPOSER),
    },
    states=ProposalStatus,
    refused=gettext_lazy("This proposal was already decided or withdrawn."),
)


class Listing(StrEnum):
    LISTED = "listed"
    REMOVED = "removed"


def listing(entry):
    return Listing.REMOVED if entry.removed_at else Listing.LISTED


# A watchlist entry applies until it is removed (or its end date passes: computed, not a state).
WATCHLIST_ENTRY = Workflow(
    {(Listing.LISTED, "remove"): (Listing.REMOVED, Cap.WATCHLIST_MANAGE)},
    states=Listing,
    refused=gettext_lazy("This entry was already removed."),
    state=listing,
)


class Reunion(StrEnum):
    """A student after an incident: waiting for a guardian, released to one, or not at school
    that day (marked absent on the roll)."""

    WAITING = "waiting"
    RELEASED = "released"
    ABSENT = "absent"


def reunion(roll_student):
    roll, student = roll_student
    if Release.objects.filter(roll=roll, student=student).exists():
        return Reunion.RELEASED
    absent = RollMark.objects.filter(roll=roll, student=student, status=MarkStatus.ABSENT)
    return Reunion.ABSENT if absent.exists() else Reunion.WAITING


RELEASE_CAPS = (Cap.GATE_DESK, Cap.PICKUP_MANAGE)
REUNIFICATION = Workflow(
    {
        (Reunion.WAITING, "release"): (Reunion.RELEASED, RELEASE_CAPS),
        # Someone not on the list is refused and recorded, whether or not the student has gone.
        (Reunion.WAITING, "refuse"): (Reunion.WAITING, RELEASE_CAPS),
        (Reunion.RELEASED, "refuse"): (Reunion.RELEASED, RELEASE_CAPS),
    },
    states=Reunion,
    refused={
        "release": lambda rs: (
            gettext_lazy("This student was already handed over.")
            if reunion(rs) == Reunion.RELEASED
            else gettext_lazy("This student was not at school that day (absent on the roll).")
        ),
        "refuse": gettext_lazy("This student was not at school that day (absent on the roll)."),
    },
    state=reunion,
)
