from safecampus.casework.models.access import (
    AccessGrant,
    CaseworkRules,
    GrantStatus,
    Ledger,
    RetentionAction,
    RetentionRule,
)
from safecampus.casework.models.concerns import (
    PSYCH_RISK,
    ConcernCategory,
    ConcernFollowUp,
    ConcernGroup,
    ConcernStatus,
    PersonOfConcern,
    RiskLevel,
    SubjectKind,
)

__all__ = [
    "PSYCH_RISK",
    "AccessGrant",
    "CaseworkRules",
    "ConcernCategory",
    "ConcernFollowUp",
    "ConcernGroup",
    "ConcernStatus",
    "GrantStatus",
    "Ledger",
    "PersonOfConcern",
    "RetentionAction",
    "RetentionRule",
    "RiskLevel",
    "SubjectKind",
]
