"""What safety education adds to the kernel: scopes, audit labels, metrics, the home count,
the demo loader and the file guard of its photos."""

from datetime import time

from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap, register_scope, visible_to
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_metrics
from safecampus.core.reporting import register_parts
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import register_source
from safecampus.core.schedule import Periodic, register
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.summary import register_audience, register_counts
from safecampus.education import exports, metrics, safety_calendar
from safecampus.education.home import home_counts
from safecampus.education.models import (
    Concern,
    Reminder1530,
    SafetyLesson,
    Training,
    TrainingAttendee,
)
from safecampus.students.family import register_child_page

register_scope(Reminder1530, "school")
register_scope(SafetyLesson, "school")
register_scope(Training, "school")
register_scope(TrainingAttendee, "training__school")
register_scope(Concern, "school")

register_metrics(metrics.METRICS)
register_parts(metrics.PARTS)
register_counts(home_counts)
# The ledger pack's safety-education record: each class's 1530 entries and safety lessons.
register_ledgers(
    [
        Ledger(
            "education",
            "安全教育记录",
            Cap.EDUCATION_VIEW,
            exports.class_columns,
            exports.CLASS_WIDTHS,
            exports.CLASS_KINDS,
            exports.class_rows,
            order=58,
        )
    ]
)

register_labels(
    {
        "education.record_1530": gettext_lazy("1530 entry recorded"),
        "education.lesson": gettext_lazy("Safety lesson recorded"),
        "education.training": gettext_lazy("Training or lecture recorded"),
        "education.rules": gettext_lazy("Education programme changed"),
        "education.notice_template": gettext_lazy("Notice template changed"),
        "education.topic": gettext_lazy("Safety topic of the bureau saved"),
        "education.theme": gettext_lazy("Theme day of the bureau saved"),
        "education.concern": gettext_lazy("Concern raised by a guardian"),
        "education.concern_answer": gettext_lazy("Guardian's concern answered"),
        "education.concern_close": gettext_lazy("Guardian's concern closed"),
    }
)
# A class's daily entry has its own record book; it stays out of the home feed.
register_audience({"education.record_1530": None})
# A guardian's concern is about one child: it reaches its readers by notification, not the feed.
register_audience(
    {
        "education.concern": None,
        "education.concern_answer": None,
        "education.concern_close": None,
    }
)
# Beside each child on a guardian's phone page: raise a concern, read the school's answers.
register_child_page(
    gettext_lazy("Raise a concern with the school"),
    "education:family_concerns",
    "bi-chat-left-text",
)

# Guardians who have not acknowledged a notice after the programme's delay: one SMS each,
# in the early evening when parents read their phones.
register(
    Periodic(
        "education_notice_reminders", "safecampus.education.tasks.notice_reminders", at=time(18, 30)
    )
)

# The 1530 entries due per school and day, for the bureau's figures: after midnight, up to
# yesterday.
register(Periodic("education_due_1530", "safecampus.education.tasks.due_1530", at=time(0, 50)))

register_demo("education", "safecampus.education.demo.load", after=["students"])


def reminder_photo_guard(user, attachment):
    """A 1530 entry's photos: whoever may read the entry."""
    held = Reminder1530.objects.filter(photos=attachment)
    if not held.exists():
        return None
    return (
        visible_to(user, Reminder1530, Cap.EDUCATION_VIEW).filter(pk__in=held.values("pk")).exists()
    )


ATTACHMENT_GUARDS.append(reminder_photo_guard)


def lesson_material_guard(user, attachment):
    """A lesson's materials: whoever may read the lesson."""
    held = SafetyLesson.objects.filter(materials=attachment)
    if not held.exists():
        return None
    readable = visible_to(user, SafetyLesson, Cap.EDUCATION_VIEW)
    return readable.filter(pk__in=held.values("pk")).exists()


ATTACHMENT_GUARDS.append(lesson_material_guard)


def training_material_guard(user, attachment):
    """A training's materials: whoever may read the training."""
    held = Training.objects.filter(materials=attachment)
    if not held.exists():
        return None
    readable = visible_to(user, Training, Cap.EDUCATION_VIEW)
    return readable.filter(pk__in=held.values("pk")).exists()


ATTACHMENT_GUARDS.append(training_material_guard)


# The app's items of the school's safety calendar (core.safety_calendar).
register_source(safety_calendar.calendar_items)


def concern_photo_guard(user, attachment):
    """A concern's photo: whoever may answer the concern (the guardian's session never reaches
    the download route)."""
    from_concern = Concern.objects.filter(photo=attachment).select_related("school").first()
    if from_concern is None:
        return None
    readable = visible_to(user, Concern, Cap.EDUCATION_RECORD).filter(pk=from_concern.pk)
    if not has_cap(user, Cap.EDUCATION_MANAGE, from_concern.school):
        readable = readable.filter(student__school_class__head_teacher=user)
    return readable.exists()


ATTACHMENT_GUARDS.append(concern_photo_guard)
