"""Recording a safety lesson taught to a class."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.queries import school_people_choices
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.permissions import require
from safecampus.education.access import may_record_for
from safecampus.education.models import SafetyLesson
from safecampus.education.rules import topics_for

MATERIALS_MAX = 5


def _check(school_class, day, topic, teacher, attendance, title, note):
    school = school_class.school
    problems = {}
    if day > timezone.localdate():
        problems["day"] = _("A lesson is recorded once taught, not before.")
    if topic is None or topic.pk not in {t.pk for t in topics_for(school)}:
        problems["topic"] = _("Choose a topic of the catalogue.")
    if teacher is None or not school_people_choices(school).filter(pk=teacher.pk).exists():
        problems["teacher"] = _("Choose a teacher of this school.")
    enrolled = school_class.students.filter(is_active=True).count()
    if not 0 <= attendance <= max(enrolled, 0):
        problems["attendance"] = _("Enter how many of the class's %(n)d students were present.") % {
            "n": enrolled
        }
    if len(title) > 120:
        problems["title"] = _("Keep the title under %(n)d characters.") % {"n": 120}
    if len(note) > 500:
        problems["note"] = _("Keep the note under %(n)d characters.") % {"n": 500}
    if problems:
        raise InvalidFields(problems)


@transaction.atomic
def record_lesson(
    *,
    actor,
    school_class,
    day,
    topic,
    teacher,
    attendance,
    title="",
    note="",
    materials=(),
    client_uuid=None,
):
    school = school_class.school
    require(actor, Cap.EDUCATION_RECORD, school)
    if not may_record_for(actor, school_class):
        raise PermissionRefused(
            _("Only the class's head teacher or the school's leaders record its lessons.")
        )
    again = replayed(SafetyLesson, client_uuid, school=school)
    if again is not None:
        return again
    title, note = (title or "").strip(), (note or "").strip()
    _check(school_class, day, topic, teacher, attendance, title, note)
    if len(materials) > MATERIALS_MAX:
        raise DomainError(_("Attach at most %(n)d files.") % {"n": MATERIALS_MAX})
    lesson = SafetyLesson.objects.create(
        school=school,
        school_class=school_class,
        day=day,
        topic=topic,
        title=title,
        teacher=teacher,
        attendance=attendance,
        note=note,
        recorded_by=actor,
        client_uuid=client_uuid,
    )
    if materials:
        lesson.materials.set(
            [store_upload(actor=actor, org=school, upload=upload) for upload in materials]
        )
    audit.record(
        actor=actor,
        org=school,
        action="education.lesson",
        obj=lesson,
        changes={
            "class": school_class.name,
            "day": day,
            "topic": topic.name,
            "attendance": attendance,
        },
    )
    return lesson
