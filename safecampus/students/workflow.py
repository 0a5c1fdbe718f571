"""The students' workflows as tables: (state, action) → (next state, who may act).

A guardian's copy of a responsibility letter has no status column: it is acknowledged when it
has an acknowledgement time. The service consults only this table for whether the move is
possible; the step's own check (a name typed) stays in the service.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow
from safecampus.students.models import RollStatus

# Whoever opens the copy's random link acts as its guardian, as does the guardian logged in by
# phone (students.family).
GUARDIAN = "the guardian, by the copy's link or their phone page"


class Acknowledgement(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"


def acknowledgement(copy):
    return Acknowledgement.SENT if copy.acknowledged_at is None else Acknowledgement.ACKNOWLEDGED


GUARDIAN_LETTER = Workflow(
    {(Acknowledgement.SENT, "acknowledge"): (Acknowledgement.ACKNOWLEDGED, GUARDIAN)},
    states=Acknowledgement,
    refused=gettext_lazy("This letter was already acknowledged."),
    state=acknowledgement,
)


# The roll during an alarm or an evacuation drill: marked while open; once closed it is the
# record of the event and changes no more (reunification goes on from it).
ROLL = Workflow(
    {
        (RollStatus.OPEN, "mark"): (RollStatus.OPEN, Cap.ROLL_MARK),
        (RollStatus.OPEN, "close"): (RollStatus.CLOSED, Cap.ROLL_MANAGE),
    },
    states=RollStatus,
    refused=gettext_lazy("This roll is closed: it changes no more."),
)
