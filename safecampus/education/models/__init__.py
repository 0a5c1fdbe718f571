from safecampus.education.models.concerns import Concern, ConcernStatus
from safecampus.education.models.lessons import SafetyLesson
from safecampus.education.models.log import Reminder1530, Slot
from safecampus.education.models.notices import NoticeTemplate
from safecampus.education.models.rollup import Due1530
from safecampus.education.models.rules import EducationRules, ThemeDay, ThemeRule, Topic
from safecampus.education.models.trainings import (
    Audience,
    Training,
    TrainingAttendee,
    TrainingKind,
)

__all__ = [
    "Audience",
    "Concern",
    "ConcernStatus",
    "Due1530",
    "EducationRules",
    "NoticeTemplate",
    "Reminder1530",
    "SafetyLesson",
    "Slot",
    "ThemeDay",
    "ThemeRule",
    "Topic",
    "Training",
    "TrainingAttendee",
    "TrainingKind",
]
