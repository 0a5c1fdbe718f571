"""Recording a class's 1530 reminder: the head teacher's two taps on a phone."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import stored_photos
from safecampus.core.services.permissions import require
from safecampus.education.access import may_record_for
from safecampus.education.models import Reminder1530
from safecampus.education.queries.log import calendar_of
from safecampus.education.rules import rules_for, topics_for
from safecampus.education.slots import minutes, slot_of

NOTE_MAX = 500
PHOTOS_MAX = 3


@transaction.atomic
def record_reminder(*, actor, school_class, day, topic, note="", photos=(), client_uuid=None):
    """The class's entry for `day` (a school day, today or before). A replayed client id
    returns the first entry; a second entry for the same day is refused."""
    school = school_class.school
    require(actor, Cap.EDUCATION_RECORD, school)
    if not may_record_for(actor, school_class):
        raise PermissionRefused(_("Only the class's head teacher records its 1530 entries."))
    again = replayed(Reminder1530, client_uuid, school=school)
    if again is not None:
        return again
    if day > timezone.localdate():
        raise DomainError(_("A 1530 entry cannot be recorded for a day still to come."))
    slot = slot_of(calendar_of(school, day, day), day)
    if slot is None:
        raise DomainError(
            _("%(day)s is not a school day (a weekend or a holiday): no 1530 entry is due.")
            % {"day": day.isoformat()}
        )
    if topic is None or topic.pk not in {t.pk for t in topics_for(school)}:
        raise DomainError(_("Choose a topic of the catalogue."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("Keep the note under %(n)d characters.") % {"n": NOTE_MAX})
    if len(photos) > PHOTOS_MAX:
        raise DomainError(_("Attach at most %(n)d photos.") % {"n": PHOTOS_MAX})
    taken = _("The 1530 entry of %(class)s for %(day)s is already recorded.") % {
        "class": school_class.name,
        "day": day.isoformat(),
    }
    if Reminder1530.objects.filter(school_class=school_class, day=day).exists():
        raise DomainError(taken)
    try:
        # A savepoint: a second phone recording the same class at the same moment is refused
        # like the first check, not a server error.
        with transaction.atomic():
            entry = Reminder1530.objects.create(
                school=school,
                school_class=school_class,
                day=day,
                slot=slot,
                minutes=minutes(rules_for(school), slot),
                topic=topic,
                note=note,
                recorded_by=actor,
                client_uuid=client_uuid,
            )
    except IntegrityError:
        raise DomainError(taken) from None
    if photos:
        entry.photos.set(stored_photos(actor=actor, org=school, uploads=photos))
    audit.record(
        actor=actor,
        org=school,
        action="education.record_1530",
        obj=entry,
        changes={"class": school_class.name, "day": day, "slot": slot, "topic": topic.name},
    )
    return entry
