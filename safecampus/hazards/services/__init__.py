"""Every change to a hazard: one function per action, each in one transaction with the row locked.

The workflow table (workflow.py) decides which action is possible in which state and who may
take it; each function adds the checks of its own step, writes the timeline event and the audit
event, and notifies the people concerned after commit. Split by step; import from here.
"""

from safecampus.core.services.notifications import notify
from safecampus.hazards.services.acceptance import (
    accept,
    bureau_send_back,
    days_overdue,
    send_back,
    sign_off,
    supervise,
)
from safecampus.hazards.services.moves import (
    MAX_PHOTOS,
    _bureau,
    _principals,
    today,
)
from safecampus.hazards.services.rectification import (
    assign,
    decide_extension,
    rectify,
    request_extension,
)
from safecampus.hazards.services.reminders import reminders_due, send_reminders
from safecampus.hazards.services.reporting import (
    finding_bureau,
    report_hazard,
    set_finding_deadline,
)
from safecampus.hazards.services.rules import set_rules
from safecampus.hazards.services.triage import confirm, merge, reject

__all__ = [
    "MAX_PHOTOS",
    "_bureau",
    "_principals",
    "accept",
    "assign",
    "bureau_send_back",
    "confirm",
    "days_overdue",
    "decide_extension",
    "finding_bureau",
    "merge",
    "notify",
    "rectify",
    "reject",
    "reminders_due",
    "report_hazard",
    "request_extension",
    "send_back",
    "send_reminders",
    "set_finding_deadline",
    "set_rules",
    "sign_off",
    "supervise",
    "today",
]
