"""Transport's workflows as tables: (state, action) → (next state, who may act).

A trip is started by its attendant (services.trips.start_trip) in RUNNING. Each student on a
trip has a state read from the trip's marks (no status column): waiting until the attendant taps
them on or off the list."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow
from safecampus.transport.models import (
    MarkKind,
    Outcome,
    OutingStatus,
    ProblemStatus,
    TripStatus,
)

# The route's attendant runs the trip; a holder of transport.manage may stand in for them.
ATTENDANT = "the trip's attendant"


def _ending(trip):
    # Ending a trip with a student on board does not close it: the school is alerted and the
    # trip waits until the student is found (条例 §39: the attendant leaves after every child).
    return TripStatus.UNACCOUNTED if trip.still_on_board() else TripStatus.CLOSED


TRIP = Workflow(
    {
        (TripStatus.RUNNING, "mark"): (TripStatus.RUNNING, ATTENDANT),
        (TripStatus.UNACCOUNTED, "mark"): (TripStatus.UNACCOUNTED, ATTENDANT),
        (TripStatus.RUNNING, "end"): (_ending, ATTENDANT),
        (TripStatus.UNACCOUNTED, "close"): (TripStatus.CLOSED, ATTENDANT),
    },
    states=TripStatus,
    refused={
        "mark": gettext_lazy("This trip is closed: its roll call can no longer change."),
        "end": gettext_lazy("This trip has already ended."),
        "close": gettext_lazy("Only a trip with a student unaccounted for is closed this way."),
    },
)


class RollState:
    WAITING = "waiting"
    ON_BOARD = "on_board"
    ABSENT = "absent"
    OFF = "off"
    ACCOUNTED = "accounted"
    ALL = (WAITING, ON_BOARD, ABSENT, OFF, ACCOUNTED)


def roll_state(kinds):
    """A student's state on a trip from the kinds of their marks."""
    if MarkKind.ABSENT in kinds:
        return RollState.ABSENT
    if MarkKind.BOARD not in kinds:
        return RollState.WAITING
    if MarkKind.ALIGHT in kinds:
        return RollState.OFF
    if MarkKind.ACCOUNT in kinds:
        return RollState.ACCOUNTED
    return RollState.ON_BOARD


@dataclass
class RollEntry:
    """One student on one trip, with the kinds of the marks they have."""

    trip: object
    student: object
    kinds: set = field(default_factory=set)

    @property
    def state(self):
        return roll_state(self.kinds)


def _roll(actor, refused):
    """A student's moves on a roll call, the same on a bus and on an outing: on at their stop
    or with the group at departure, off at school or back at return; one who did not come is
    marked so; one who went and is not found at the end is accounted for with a note."""
    return Workflow(
        {
            (RollState.WAITING, MarkKind.BOARD): (RollState.ON_BOARD, actor),
            (RollState.WAITING, MarkKind.ABSENT): (RollState.ABSENT, actor),
            (RollState.ON_BOARD, MarkKind.ALIGHT): (RollState.OFF, actor),
            (RollState.ON_BOARD, MarkKind.ACCOUNT): (RollState.ACCOUNTED, actor),
        },
        states=RollState.ALL,
        refused=refused,
        state=lambda entry: entry.state,
    )


ROLL = _roll(
    ATTENDANT,
    {
        MarkKind.BOARD: gettext_lazy("This student is not waiting to board."),
        MarkKind.ABSENT: gettext_lazy("This student has already boarded or been marked."),
        MarkKind.ALIGHT: gettext_lazy("This student is not on the bus."),
        MarkKind.ACCOUNT: gettext_lazy("Only a student still on the bus is accounted for."),
    },
)


def _rechecked(problem):
    # A re-check that finds the problem still there sends it back to the department.
    return ProblemStatus.CLOSED if problem.outcome == Outcome.RESOLVED else ProblemStatus.REFERRED


# A problem near the school: referred to the department that acts on it, answered (by the
# department on the platform, or the school records the reply it received), re-checked by the
# school. A department on the platform may return a problem that is not its own: the school
# refers it again.
ANSWERING = (Cap.SURROUNDINGS_MANAGE, Cap.SURROUNDINGS_ANSWER)
PROBLEM = Workflow(
    {
        (ProblemStatus.REPORTED, "refer"): (ProblemStatus.REFERRED, Cap.SURROUNDINGS_MANAGE),
        (ProblemStatus.REFERRED, "answer"): (ProblemStatus.ANSWERED, ANSWERING),
        (ProblemStatus.REFERRED, "return"): (ProblemStatus.REPORTED, Cap.SURROUNDINGS_ANSWER),
        (ProblemStatus.ANSWERED, "recheck"): (_rechecked, Cap.SURROUNDINGS_MANAGE),
    },
    states=ProblemStatus,
    refused={
        "refer": gettext_lazy("This problem has already been referred."),
        "answer": gettext_lazy("This problem is not waiting for a department's answer."),
        "return": gettext_lazy("Only a problem waiting for your answer can be returned."),
        "recheck": gettext_lazy("Only an answered problem is re-checked."),
    },
)


# The activity's accompanying staff (or its organiser) take the roll call; a holder of
# outing.approve may stand in for them.
LEADER = "the activity's staff"


def _returning(outing):
    # Coming back with a student who left and is not marked back does not close the activity:
    # the safety officers are alerted and it waits until the student is found.
    return OutingStatus.UNACCOUNTED if outing.still_out() else OutingStatus.CLOSED


# An off-campus activity: the organiser drafts and submits it (the service refuses a request
# short of staff for the ratio in force, or without plan, security plan or insurance); the
# principal approves it or sends it back to the draft with a note. Once approved, the staff
# take the roll call out and back, and close it on return.
OUTING = Workflow(
    {
        (OutingStatus.DRAFT, "submit"): (OutingStatus.SUBMITTED, Cap.OUTING_REQUEST),
        (OutingStatus.SUBMITTED, "approve"): (OutingStatus.APPROVED, Cap.OUTING_APPROVE),
        (OutingStatus.SUBMITTED, "send_back"): (OutingStatus.DRAFT, Cap.OUTING_APPROVE),
        (OutingStatus.APPROVED, "mark"): (OutingStatus.APPROVED, LEADER),
        (OutingStatus.UNACCOUNTED, "mark"): (OutingStatus.UNACCOUNTED, LEADER),
        (OutingStatus.APPROVED, "return"): (_returning, LEADER),
        (OutingStatus.UNACCOUNTED, "close"): (OutingStatus.CLOSED, LEADER),
    },
    states=OutingStatus,
    refused={
        "submit": gettext_lazy("Only a draft is submitted."),
        "approve": gettext_lazy("Only a request awaiting approval is approved."),
        "send_back": gettext_lazy("Only a request awaiting approval is sent back."),
        "mark": gettext_lazy(
            "The roll call opens once the activity is approved and closes with it."
        ),
        "return": gettext_lazy(
            "Only an approved activity that has not come back is closed on return."
        ),
        "close": gettext_lazy(
            "Only an activity with a student unaccounted for is closed this way."
        ),
    },
)


OUTING_ROLL = _roll(
    LEADER,
    {
        MarkKind.BOARD: gettext_lazy("This student is already marked as gone or absent."),
        MarkKind.ABSENT: gettext_lazy("This student has already left or been marked."),
        MarkKind.ALIGHT: gettext_lazy("This student is not marked as gone with the group."),
        MarkKind.ACCOUNT: gettext_lazy("Only a student who left and is not back is accounted for."),
    },
)
