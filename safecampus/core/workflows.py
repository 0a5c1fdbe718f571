"""The kernel's workflows as tables: (state, action) → (next state, who may act).

The helper is `core.workflow`; these are core's own tables. None of these rows has a status
column: a letter is signed when it has a signing time, a role or a post is held until it has an
end. The services consult only these tables for whether a move is possible; the checks of each
step (who the signer is, that nobody ends their own role) stay in the services.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow

# A letter is signed by the person it was issued to, and by nobody else.
RECIPIENT = "the person the letter was issued to"


class Signature(StrEnum):
    """A responsibility letter as one recipient has it: to sign, then signed for good."""

    TO_SIGN = "to_sign"
    SIGNED = "signed"


def signature(recipient):
    return Signature.TO_SIGN if recipient.signed_at is None else Signature.SIGNED


LETTER = Workflow(
    {(Signature.TO_SIGN, "sign"): (Signature.SIGNED, RECIPIENT)},
    states=Signature,
    refused=gettext_lazy("You have already signed this letter."),
    state=signature,
)


class Tenure(StrEnum):
    """A role in an organisation, or a post in a school, held until it is ended; the ended row
    stays as history and a new one is made to hold it again."""

    HELD = "held"
    ENDED = "ended"


def tenure(row):
    return Tenure.HELD if row.ended_at is None else Tenure.ENDED


MEMBERSHIP = Workflow(
    {(Tenure.HELD, "end"): (Tenure.ENDED, Cap.PEOPLE_MANAGE)},
    states=Tenure,
    refused=gettext_lazy("This role has already ended."),
    state=tenure,
)

POST_ASSIGNMENT = Workflow(
    {(Tenure.HELD, "end"): (Tenure.ENDED, Cap.POST_MANAGE)},
    states=Tenure,
    refused=gettext_lazy("This assignment has already ended."),
    state=tenure,
)
