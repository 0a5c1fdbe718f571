"""The bureau's supervision: visits, campaigns, dispatched tasks and notices, and their rules.

Each concept has its module; Django and the migrations import every model from here.
"""

from safecampus.supervision.models.campaigns import (
    Campaign,
    CampaignHazard,
    CampaignSchool,
    CampaignStage,
    CampaignStatus,
    StagePreset,
    StageSubmission,
    SubmissionStatus,
)
from safecampus.supervision.models.dispatch import (
    DispatchedTask,
    DispatchKind,
    DispatchStatus,
    TaskRecipient,
    TaskReply,
    TaskReplyStatus,
)
from safecampus.supervision.models.rules import SupervisionRules
from safecampus.supervision.models.visits import (
    ResponseKind,
    SupervisionVisit,
    VisitKind,
    VisitResult,
    VisitStatus,
)

__all__ = [
    "Campaign",
    "CampaignHazard",
    "CampaignSchool",
    "CampaignStage",
    "CampaignStatus",
    "DispatchKind",
    "DispatchStatus",
    "DispatchedTask",
    "ResponseKind",
    "StagePreset",
    "StageSubmission",
    "SubmissionStatus",
    "SupervisionRules",
    "SupervisionVisit",
    "TaskRecipient",
    "TaskReply",
    "TaskReplyStatus",
    "VisitKind",
    "VisitResult",
    "VisitStatus",
]
