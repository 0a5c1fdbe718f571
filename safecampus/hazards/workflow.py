"""The hazard workflow as a table: (status, action) → (next status, who may do it).

Services consult only this table; any other move is refused. Who may act is a capability, or
RESPONSIBLE (the hazard's responsible person).
"""

from django.utils.translation import gettext_lazy

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow
from safecampus.hazards.models import ExtensionStatus, Status

RESPONSIBLE = "responsible person"


def _after_acceptance(hazard):
    # A major hazard stays under the bureau's supervision until the bureau signs it off.
    return Status.ACCEPTED if hazard.supervised else Status.CLOSED


TRANSITIONS = {
    (Status.REPORTED, "confirm"): (Status.CONFIRMED, Cap.HAZARD_CONFIRM),
    (Status.REPORTED, "reject"): (Status.REJECTED, Cap.HAZARD_CONFIRM),
    (Status.REPORTED, "merge"): (Status.MERGED, Cap.HAZARD_CONFIRM),
    (Status.CONFIRMED, "merge"): (Status.MERGED, Cap.HAZARD_CONFIRM),
    (Status.CONFIRMED, "assign"): (Status.RECTIFYING, Cap.HAZARD_ASSIGN),
    (Status.RECTIFYING, "assign"): (Status.RECTIFYING, Cap.HAZARD_ASSIGN),
    (Status.RECTIFYING, "rectify"): (Status.RECTIFIED, RESPONSIBLE),
    (Status.RECTIFYING, "request_extension"): (Status.RECTIFYING, RESPONSIBLE),
    (Status.RECTIFYING, "decide_extension"): (Status.RECTIFYING, Cap.HAZARD_ASSIGN),
    (Status.RECTIFIED, "accept"): (_after_acceptance, Cap.HAZARD_ACCEPT),
    (Status.RECTIFIED, "send_back"): (Status.RECTIFYING, Cap.HAZARD_ACCEPT),
    (Status.ACCEPTED, "sign_off"): (Status.CLOSED, Cap.HAZARD_SUPERVISE),
    (Status.ACCEPTED, "bureau_send_back"): (Status.RECTIFYING, Cap.HAZARD_SUPERVISE),
}
# The bureau comments on, and sets deadlines for, supervised hazards in any open state.
for _status in (Status.CONFIRMED, Status.RECTIFYING, Status.RECTIFIED, Status.ACCEPTED):
    TRANSITIONS[(_status, "supervise")] = (_status, Cap.HAZARD_SUPERVISE)

HAZARD = Workflow(
    TRANSITIONS,
    states=Status,
    refused=gettext_lazy("This cannot be done while the hazard is “%(status)s”."),
    label=lambda hazard: hazard.get_status_display(),
)
ACTIONS = HAZARD.actions

# An extension request is decided once (who decides is the hazard table's decide_extension).
EXTENSION = Workflow(
    {
        (ExtensionStatus.PENDING, "grant"): (ExtensionStatus.GRANTED, Cap.HAZARD_ASSIGN),
        (ExtensionStatus.PENDING, "refuse"): (ExtensionStatus.REFUSED, Cap.HAZARD_ASSIGN),
    },
    states=ExtensionStatus,
    refused=gettext_lazy("This request has already been decided."),
)


def next_status(hazard, action):
    return HAZARD.next_state(hazard, action)


def allowed(status, action):
    return HAZARD.allowed(status, action)
