"""Recording a training, lecture or safety-situation report with its attendance."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import InvalidFields
from safecampus.core.queries import school_people_choices
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.permissions import require
from safecampus.education.models import Audience, Training, TrainingAttendee, TrainingKind
from safecampus.education.rules import topics_for

MATERIALS_MAX = 5
ATTENDANCE_MAX = 10000


def _check(school, fields, attendees, materials):
    problems = {}
    if not fields["title"]:
        problems["title"] = _("Give the training a title.")
    if fields["day"] > timezone.localdate():
        problems["day"] = _("A training is recorded once held, not before.")
    if not Decimal("0.5") <= fields["hours"] <= Decimal("24"):
        problems["hours"] = _("Enter the hours, from 0.5 to 24.")
    topic = fields["topic"]
    if topic is not None and topic.pk not in {t.pk for t in topics_for(school)}:
        problems["topic"] = _("Choose a topic of the catalogue.")
    staff = set(school_people_choices(school).values_list("pk", flat=True))
    speaker = fields["speaker"]
    if speaker is not None and speaker.pk not in staff:
        problems["speaker"] = _("Choose a speaker of this school, or name an outside speaker.")
    if fields["kind"] == TrainingKind.SAFETY_REPORT and speaker is None:
        problems["speaker"] = _("A safety-situation report is given by a person of the school.")
    if speaker is None and not fields["speaker_name"]:
        problems["speaker_name"] = _("Name the speaker.")
    if any(person.pk not in staff for person in attendees):
        problems["attendees"] = _("Only the school's staff are listed as attendees.")
    if fields["audience"] != Audience.STAFF and attendees:
        problems["attendees"] = _("Students and parents are counted, not listed.")
    if not 0 <= fields["attendance"] <= ATTENDANCE_MAX:
        problems["attendance"] = _("Enter the attendance, from 0 to %(n)d.") % {"n": ATTENDANCE_MAX}
    if len(materials) > MATERIALS_MAX:
        problems["materials"] = _("Attach at most %(n)d files.") % {"n": MATERIALS_MAX}
    if problems:
        raise InvalidFields(problems)


@transaction.atomic
def record_training(
    *,
    actor,
    school,
    kind,
    audience,
    title,
    day,
    hours,
    topic=None,
    speaker=None,
    speaker_name="",
    attendees=(),
    attendance=0,
    note="",
    materials=(),
):
    """A staff training lists its attendees (their count is the attendance); students' and
    parents' are counted."""
    require(actor, Cap.EDUCATION_MANAGE, school)
    attendees = list(dict.fromkeys(attendees))
    fields = {
        "kind": kind,
        "audience": audience,
        "title": (title or "").strip(),
        "day": day,
        "hours": Decimal(str(hours)),
        "topic": topic,
        "speaker": speaker,
        "speaker_name": (speaker_name or "").strip()[:60],
        "attendance": len(attendees) if audience == Audience.STAFF else attendance,
        "note": (note or "").strip()[:500],
    }
    _check(school, fields, attendees, materials)
    training = Training.objects.create(school=school, recorded_by=actor, **fields)
    TrainingAttendee.objects.bulk_create(
        TrainingAttendee(training=training, person=person) for person in attendees
    )
    if materials:
        training.materials.set(
            [store_upload(actor=actor, org=school, upload=upload) for upload in materials]
        )
    audit.record(
        actor=actor,
        org=school,
        action="education.training",
        obj=training,
        changes={
            "kind": kind,
            "audience": audience,
            "day": day,
            "hours": str(fields["hours"]),
            "attendance": fields["attendance"],
        },
    )
    return training
