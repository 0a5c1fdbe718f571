"""What every move of a hazard shares: locking the row and checking the move against the table
and the actor, the timeline and audit writers, photos, and who to tell."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.roles import Cap, Role
from safecampus.core.services import audit
from safecampus.core.services.attachments import stored_photos
from safecampus.core.services.notifications import notify
from safecampus.hazards.models import (
    Hazard,
    HazardEvent,
)
from safecampus.hazards.workflow import HAZARD, RESPONSIBLE

MAX_PHOTOS = 6


def today():
    return timezone.localdate()


def _lock(hazard):
    return Hazard.objects.select_for_update().select_related("school").get(pk=hazard.pk)


def _lock_and_check(actor, hazard, action):
    """Lock the row, then check the move against the table and the actor's right to make it."""
    hazard = _lock(hazard)
    HAZARD.check(hazard, action)
    who = HAZARD.who(hazard.status, action)
    if who == RESPONSIBLE:
        if hazard.responsible_person_id != actor.pk:
            raise PermissionRefused(_("Only the hazard's responsible person can do this."))
    elif not has_cap(actor, who, hazard.school):
        raise PermissionRefused(_("You do not have permission to do this here."))
    return hazard


def _photos(actor, school, uploads, anonymous=False):
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_PHOTOS:
        raise DomainError(_("At most %(n)d photos at a time.") % {"n": MAX_PHOTOS})
    return stored_photos(actor=actor, org=school, uploads=uploads, anonymous=anonymous)


def _event(hazard, action, actor, *, before, note="", photos=()):
    event = HazardEvent.objects.create(
        hazard=hazard,
        action=action,
        actor=actor,
        from_status=before,
        to_status=hazard.status,
        note=note,
        created_at=timezone.now(),
    )
    if photos:
        event.photos.set(photos)
    return event


def _audit(actor, hazard, action, changes=None):
    audit.record(
        actor=actor,
        org=hazard.school,
        action=f"hazard.{action}",
        obj=hazard,
        object_repr=f"#{hazard.pk} {hazard.place}",
        changes=changes or {},
    )


def _tell(people, hazard, kind, title, body=""):
    people = [p for p in people if p is not None]
    if people:
        notify(
            people,
            kind=f"hazard.{kind}",
            title=title,
            body=body,
            params={"id": hazard.pk, "place": hazard.place, "school": hazard.school.name},
            url=hazard.get_absolute_url(),
            org=hazard.school,
        )


def _reporter(hazard):
    return [hazard.reporter] if hazard.reporter_id else []


def _bureau(hazard):
    return list(holders(Cap.HAZARD_SUPERVISE, hazard.school))


def _principals(school):
    return list(
        holders(Cap.HAZARD_ACCEPT, school).filter(
            memberships__role=Role.PRINCIPAL, memberships__org=school
        )
    )
