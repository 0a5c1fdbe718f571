"""Safety education's workflows as tables: (state, action) → (next state, who may act).

The 1530 entries, lessons and trainings are records without states; a guardian's concern has
one (services.concerns looks its moves up here)."""

from django.utils.translation import gettext_lazy

from safecampus.core.workflow import Workflow
from safecampus.education.models import ConcernStatus

# Who answers a concern: the head teacher of the child's class, or a school leader
# (education.manage). See services.concerns.may_answer.
THE_SCHOOL = "the child's head teacher or a school leader"
# Who closes: the guardian who raised it, or whoever may answer it.
EITHER_SIDE = "the guardian who raised it or the school"

CONCERN = Workflow(
    {
        (ConcernStatus.OPEN, "answer"): (ConcernStatus.ANSWERED, THE_SCHOOL),
        # A second answer adds to the first (the guardian wrote back by phone, say).
        (ConcernStatus.ANSWERED, "answer"): (ConcernStatus.ANSWERED, THE_SCHOOL),
        (ConcernStatus.OPEN, "close"): (ConcernStatus.CLOSED, EITHER_SIDE),
        (ConcernStatus.ANSWERED, "close"): (ConcernStatus.CLOSED, EITHER_SIDE),
    },
    states=ConcernStatus,
    refused=gettext_lazy("This concern is closed."),
)
