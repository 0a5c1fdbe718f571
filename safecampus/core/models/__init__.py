from safecampus.core.models.attachments import Attachment
from safecampus.core.models.audit import AuditEvent
from safecampus.core.models.calendar import CalendarException, DayKind, Term
from safecampus.core.models.grid import Post, PostAssignment, PostKind, Zone, ZoneKind
from safecampus.core.models.letters import LetterRecipient, ResponsibilityLetter
from safecampus.core.models.notifications import (
    Channel,
    Delivery,
    DeliveryStatus,
    FailureReason,
    Notification,
    NotificationSettings,
    Robot,
    RobotKind,
)
from safecampus.core.models.org import Org, OrgKind, SchoolKind
from safecampus.core.models.people import ApiToken, Department, Membership, User
from safecampus.core.models.rollups import MetricDay, MetricRollup
from safecampus.core.models.schedule import ScheduledRun

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditEvent",
    "CalendarException",
    "Channel",
    "DayKind",
    "Delivery",
    "DeliveryStatus",
    "Department",
    "FailureReason",
    "LetterRecipient",
    "Membership",
    "MetricDay",
    "MetricRollup",
    "Notification",
    "NotificationSettings",
    "Org",
    "OrgKind",
    "Post",
    "PostAssignment",
    "PostKind",
    "ResponsibilityLetter",
    "Robot",
    "RobotKind",
    "ScheduledRun",
    "SchoolKind",
    "Term",
    "User",
    "Zone",
    "ZoneKind",
]
