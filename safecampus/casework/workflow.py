"""Casework's workflows as tables: (state, action) → (next state, who may act).

The services consult only these tables for whether a move is possible; what each step needs
besides (a reason, a note, a date) stays in the services. An access request is made by
`request_access` (requested), a person of concern by `open_concern` (open), a dispute by
`record_dispute` (open), a bullying case by `submit_tip` or `record_case` (received).
"""

from django.utils.translation import gettext_lazy

from safecampus.casework.models import (
    BullyingStatus,
    ConcernStatus,
    DisputeStatus,
    GrantStatus,
    HealthStatus,
    MandatoryStatus,
)
from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow

# The person who asked, checked by the service.
REQUESTER = "the person who asked"

# Staff access to one record (未成年人网络保护条例 §36): asked with a reason, approved by the
# person in charge for a limited time, or refused; the asker may withdraw, the approver revoke.
# An approved grant past its time is expired: derived from `expires_at`, never stored.
ACCESS = Workflow(
    {
        (GrantStatus.REQUESTED, "approve"): (GrantStatus.APPROVED, Cap.CASEWORK_APPROVE),
        (GrantStatus.REQUESTED, "refuse"): (GrantStatus.REFUSED, Cap.CASEWORK_APPROVE),
        (GrantStatus.REQUESTED, "withdraw"): (GrantStatus.WITHDRAWN, REQUESTER),
        (GrantStatus.APPROVED, "revoke"): (GrantStatus.REVOKED, Cap.CASEWORK_APPROVE),
    },
    states=GrantStatus,
    refused={
        "approve": gettext_lazy("Only a pending request can be approved."),
        "refuse": gettext_lazy("Only a pending request can be refused."),
        "withdraw": gettext_lazy("Only a pending request can be withdrawn."),
        "revoke": gettext_lazy("Only an approved access can be revoked."),
    },
)

# A person of concern: opened, assessed with measures, followed up while open, closed with a
# reason, reopened if the concern returns. Flagging to the police is a move of its own.
CONCERN = Workflow(
    {
        (ConcernStatus.OPEN, "assess"): (ConcernStatus.MANAGED, Cap.CONCERN_MANAGE),
        (ConcernStatus.MANAGED, "assess"): (ConcernStatus.MANAGED, Cap.CONCERN_MANAGE),
        (ConcernStatus.OPEN, "follow_up"): (ConcernStatus.OPEN, Cap.CONCERN_MANAGE),
        (ConcernStatus.MANAGED, "follow_up"): (ConcernStatus.MANAGED, Cap.CONCERN_MANAGE),
        (ConcernStatus.OPEN, "flag"): (ConcernStatus.OPEN, Cap.CONCERN_MANAGE),
        (ConcernStatus.MANAGED, "flag"): (ConcernStatus.MANAGED, Cap.CONCERN_MANAGE),
        (ConcernStatus.OPEN, "close"): (ConcernStatus.CLOSED, Cap.CONCERN_MANAGE),
        (ConcernStatus.MANAGED, "close"): (ConcernStatus.CLOSED, Cap.CONCERN_MANAGE),
        (ConcernStatus.CLOSED, "reopen"): (ConcernStatus.MANAGED, Cap.CONCERN_MANAGE),
    },
    states=ConcernStatus,
    refused={
        "assess": gettext_lazy("A closed case is reopened before it is assessed again."),
        "follow_up": gettext_lazy("A closed case has no follow-ups."),
        "flag": gettext_lazy("A closed case is not flagged to the police."),
        "close": gettext_lazy("The case is already closed."),
        "reopen": gettext_lazy("Only a closed case can be reopened."),
    },
)

# The person handling a dispute (a head teacher for a quarrel in their class: "小矛盾不出班"),
# checked by the service: they record its mediations without the ledger's manage right.
HANDLER = "the person handling it"

# A dispute (矛盾纠纷): recorded, mediated (each session on record), settled with an outcome or
# passed on (to the bureau, the police, the courts) when the school cannot settle it; a settled
# dispute that flares up again is reopened. Overdue (past its level's deadline) is derived; the
# escalation task tells the leaders, and the bureau for the levels that say so, once.
DISPUTE = Workflow(
    {
        (DisputeStatus.OPEN, "mediate"): (DisputeStatus.MEDIATING, (Cap.DISPUTE_MANAGE, HANDLER)),
        (DisputeStatus.MEDIATING, "mediate"): (
            DisputeStatus.MEDIATING,
            (Cap.DISPUTE_MANAGE, HANDLER),
        ),
        (DisputeStatus.OPEN, "settle"): (DisputeStatus.SETTLED, Cap.DISPUTE_MANAGE),
        (DisputeStatus.MEDIATING, "settle"): (DisputeStatus.SETTLED, Cap.DISPUTE_MANAGE),
        (DisputeStatus.OPEN, "pass_on"): (DisputeStatus.UNSETTLED, Cap.DISPUTE_MANAGE),
        (DisputeStatus.MEDIATING, "pass_on"): (DisputeStatus.UNSETTLED, Cap.DISPUTE_MANAGE),
        (DisputeStatus.SETTLED, "reopen"): (DisputeStatus.MEDIATING, Cap.DISPUTE_MANAGE),
    },
    states=DisputeStatus,
    refused={
        "mediate": gettext_lazy("A closed dispute is reopened before it is mediated again."),
        "settle": gettext_lazy("The dispute is already closed."),
        "pass_on": gettext_lazy("The dispute is already closed."),
        "reopen": gettext_lazy("Only a settled dispute can be reopened."),
    },
)

# The anonymous reporter, known only by the tracking code; checked by the service.
REPORTER = "the reporter, by tracking code"

B = BullyingStatus
_B_MANAGE = Cap.BULLYING_MANAGE
_B_OPEN = (B.RECEIVED, B.INVESTIGATING, B.DETERMINED, B.MEASURES, B.APPEALED)

# A bullying case (未保法 §39; 教督〔2017〕10号; rules-next.md §4): received, accepted into an
# investigation (or dismissed as no bullying matter), a finding by the committee with both
# families taking part, measures, closed. A family may appeal the finding within the appeal
# limit; the review makes a new finding. A serious case is reported to the police and the
# bureau at any point of the investigation (`pass_on`, the state unchanged). The school and the
# anonymous reporter write to each other while the case is open. Late acceptance, investigation
# and review are derived from their dates, never stored.
BULLYING = Workflow(
    {
        (B.RECEIVED, "accept"): (B.INVESTIGATING, _B_MANAGE),
        (B.RECEIVED, "dismiss"): (B.CLOSED, _B_MANAGE),
        (B.INVESTIGATING, "determine"): (B.DETERMINED, _B_MANAGE),
        (B.DETERMINED, "measures"): (B.MEASURES, _B_MANAGE),
        (B.MEASURES, "measures"): (B.MEASURES, _B_MANAGE),
        (B.DETERMINED, "close"): (B.CLOSED, _B_MANAGE),
        (B.MEASURES, "close"): (B.CLOSED, _B_MANAGE),
        (B.DETERMINED, "appeal"): (B.APPEALED, _B_MANAGE),
        (B.MEASURES, "appeal"): (B.APPEALED, _B_MANAGE),
        (B.CLOSED, "appeal"): (B.APPEALED, _B_MANAGE),
        (B.APPEALED, "review"): (B.DETERMINED, _B_MANAGE),
        **{(s, "pass_on"): (s, _B_MANAGE) for s in _B_OPEN if s != B.RECEIVED},
        **{(s, "reply"): (s, _B_MANAGE) for s in _B_OPEN},
        **{(s, "write"): (s, REPORTER) for s in _B_OPEN},
    },
    states=BullyingStatus,
    refused={
        "accept": gettext_lazy("Only a new report can be accepted."),
        "dismiss": gettext_lazy("Only a new report can be dismissed."),
        "determine": gettext_lazy("A finding is made on a case under investigation."),
        "measures": gettext_lazy("Measures follow the finding."),
        "close": gettext_lazy("A case is closed after its finding."),
        "appeal": gettext_lazy("Only a finding can be appealed."),
        "review": gettext_lazy("Only an appealed finding is reviewed."),
        "pass_on": gettext_lazy("A case is reported onward while it is open and accepted."),
        "reply": gettext_lazy("The case is closed: no more messages."),
        "write": gettext_lazy("The case is closed: no more messages."),
    },
)

# A mandatory report (强制报告): logged when the school learns of it (the police liaison and the
# bureau are told at once), reported to the police with the receipt, closed with the outcome.
# Late (not reported by the trigger's time) is derived from `report_by`, never stored.
MANDATORY = Workflow(
    {
        (MandatoryStatus.TO_REPORT, "report"): (MandatoryStatus.REPORTED, Cap.MANDATORY_MANAGE),
        (MandatoryStatus.REPORTED, "close"): (MandatoryStatus.CLOSED, Cap.MANDATORY_MANAGE),
    },
    states=MandatoryStatus,
    refused={
        "report": gettext_lazy("The report to the police is already recorded."),
        "close": gettext_lazy("A mandatory report is closed after it is reported."),
    },
)


# A health note is in force until the medic closes it (the condition no longer applies, or the
# student left); closed notes wait for their retention rule. A change is a new note.
HEALTH = Workflow(
    {(HealthStatus.ACTIVE, "close"): (HealthStatus.CLOSED, Cap.HEALTH_MANAGE)},
    states=HealthStatus,
    refused={"close": gettext_lazy("This note is closed.")},
)
