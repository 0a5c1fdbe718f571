"""Supervision's workflows as tables: (state, action) → (next state, who may act).

The services consult only these tables for whether a move is possible; each step's own checks
(enough inspectors, every item answered, a reason for a return, the required figures) stay in
the services. A row is made by its create service in its first state: `plan_visits` (planned),
`create_campaign` (draft), `submit_stage` (submitted), `dispatch` (open, each school pending).
"""

from django.utils.translation import gettext_lazy

from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow
from safecampus.supervision.models import (
    CampaignStatus,
    DispatchStatus,
    SubmissionStatus,
    TaskReplyStatus,
    VisitStatus,
)

# An inspector of the visit (its lead or one of its team), checked by the services.
VISIT_INSPECTOR = "one of the visit's inspectors"

# A visit (督导检查, 条例 §16–§22): planned, run on site item by item, the notice issued, the
# school responds (an objection or its rectification report), a re-check closes it.
VISIT = Workflow(
    {
        (VisitStatus.PLANNED, "start"): (VisitStatus.UNDER_WAY, VISIT_INSPECTOR),
        (VisitStatus.PLANNED, "cancel"): (VisitStatus.CANCELLED, Cap.SUPERVISION_MANAGE),
        (VisitStatus.UNDER_WAY, "record"): (VisitStatus.UNDER_WAY, VISIT_INSPECTOR),
        (VisitStatus.UNDER_WAY, "issue"): (VisitStatus.ISSUED, VISIT_INSPECTOR),
        (VisitStatus.ISSUED, "respond"): (VisitStatus.RESPONDED, Cap.SUPERVISION_RESPOND),
        (VisitStatus.ISSUED, "close"): (VisitStatus.CLOSED, VISIT_INSPECTOR),
        (VisitStatus.RESPONDED, "close"): (VisitStatus.CLOSED, VISIT_INSPECTOR),
    },
    states=VisitStatus,
    refused={
        "start": gettext_lazy("Only a planned visit can be started."),
        "cancel": gettext_lazy("Only a planned visit can be cancelled."),
        "record": gettext_lazy("Findings are recorded only while the visit is under way."),
        "issue": gettext_lazy("The notice is issued once, at the end of the visit."),
        "respond": gettext_lazy("The school responds once the notice is issued."),
        "close": gettext_lazy("Only a visit whose notice is issued can be re-checked and closed."),
    },
)

# A campaign (专项整治行动): drafted, launched to its schools, closed after the last stage.
CAMPAIGN = Workflow(
    {
        (CampaignStatus.DRAFT, "launch"): (CampaignStatus.RUNNING, Cap.SUPERVISION_MANAGE),
        (CampaignStatus.DRAFT, "edit"): (CampaignStatus.DRAFT, Cap.SUPERVISION_MANAGE),
        (CampaignStatus.RUNNING, "close"): (CampaignStatus.CLOSED, Cap.SUPERVISION_MANAGE),
    },
    states=CampaignStatus,
    refused={
        "launch": gettext_lazy("Only a draft campaign can be launched."),
        "edit": gettext_lazy("A launched campaign's stages can no longer be changed."),
        "close": gettext_lazy("Only a running campaign can be closed."),
    },
)

# One school's hand-in for one stage: the bureau accepts it or returns it with a reason; a
# returned hand-in is submitted again.
STAGE_SUBMISSION = Workflow(
    {
        (SubmissionStatus.SUBMITTED, "accept"): (
            SubmissionStatus.ACCEPTED,
            Cap.SUPERVISION_MANAGE,
        ),
        (SubmissionStatus.SUBMITTED, "return"): (
            SubmissionStatus.RETURNED,
            Cap.SUPERVISION_MANAGE,
        ),
        (SubmissionStatus.RETURNED, "resubmit"): (
            SubmissionStatus.SUBMITTED,
            Cap.SUPERVISION_RESPOND,
        ),
    },
    states=SubmissionStatus,
    refused={
        "accept": gettext_lazy("Only a submitted hand-in can be accepted."),
        "return": gettext_lazy("Only a submitted hand-in can be returned."),
        "resubmit": gettext_lazy("This stage was already handed in."),
    },
)

# A dispatched task or notice as a whole.
DISPATCH = Workflow(
    {
        (DispatchStatus.OPEN, "close"): (DispatchStatus.CLOSED, Cap.SUPERVISION_MANAGE),
        (DispatchStatus.OPEN, "withdraw"): (DispatchStatus.WITHDRAWN, Cap.SUPERVISION_MANAGE),
    },
    states=DispatchStatus,
    refused={
        "close": gettext_lazy("Only an open task can be closed."),
        "withdraw": gettext_lazy("Only an open task can be withdrawn."),
    },
)

# One school's copy of a task: it replies (late replies are taken and marked), the sender
# accepts or returns; a notice is only acknowledged.
TASK_RECIPIENT = Workflow(
    {
        (TaskReplyStatus.PENDING, "reply"): (TaskReplyStatus.REPLIED, Cap.SUPERVISION_RESPOND),
        (TaskReplyStatus.PENDING, "acknowledge"): (
            TaskReplyStatus.ACKNOWLEDGED,
            Cap.SUPERVISION_RESPOND,
        ),
        (TaskReplyStatus.RETURNED, "reply"): (TaskReplyStatus.REPLIED, Cap.SUPERVISION_RESPOND),
        (TaskReplyStatus.REPLIED, "accept"): (TaskReplyStatus.ACCEPTED, Cap.SUPERVISION_MANAGE),
        (TaskReplyStatus.REPLIED, "return"): (TaskReplyStatus.RETURNED, Cap.SUPERVISION_MANAGE),
    },
    states=TaskReplyStatus,
    refused={
        "reply": gettext_lazy("This task is not waiting for a reply from the school."),
        "acknowledge": gettext_lazy("This notice was already acknowledged."),
        "accept": gettext_lazy("Only a reply waiting for review can be accepted."),
        "return": gettext_lazy("Only a reply waiting for review can be returned."),
    },
)
