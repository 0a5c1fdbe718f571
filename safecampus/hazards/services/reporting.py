"""Reporting a hazard: named, anonymous, or from the public page."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.hazards import tally
from safecampus.hazards.models import (
    OPEN_STATUSES,
    Hazard,
    Source,
)
from safecampus.hazards.services.moves import (
    _audit,
    _event,
    _photos,
    _tell,
    today,
)

# Report --------------------------------------------------------------------------------------


@transaction.atomic
def report_hazard(
    *,
    actor,
    school,
    place,
    category,
    description,
    source=Source.REPORT,
    zone=None,
    photos=(),
    anonymous=False,
    client_uuid=None,
    found_on=None,
    origin_label="",
    origin_url="",
    supervision_deadline=None,
):
    """A new hazard. `actor` None is a report from the public page (always anonymous).

    A repeated `client_uuid` (a phone replaying its queue) returns the first hazard and creates
    nothing; the reporter's right to report is checked first all the same.
    `supervision_deadline`: the day a bureau's finding (a supervision visit, a campaign) must be
    fixed by; the school's own deadline is set when it assigns the work.
    """
    if actor is None:
        anonymous = True
    elif not has_cap(actor, Cap.HAZARD_REPORT, school):
        raise PermissionRefused(_("You do not have permission to do this here."))
    existing = replayed(Hazard, client_uuid, school=school)
    if existing is not None:
        return existing
    if zone is not None and zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))
    if not place.strip() or not description.strip():
        raise DomainError(_("Say where the hazard is and describe it."))
    if found_on is not None and found_on > today():
        raise DomainError(_("The date found cannot be in the future."))
    if supervision_deadline is not None and supervision_deadline < today():
        raise DomainError(_("The deadline cannot be in the past."))
    stored = _photos(actor, school, photos, anonymous=anonymous)
    now = timezone.now()
    hazard = Hazard.objects.create(
        school=school,
        zone=zone,
        place=place.strip(),
        category=category,
        description=description.strip(),
        source=source,
        reporter=None if anonymous else actor,
        anonymous=anonymous,
        client_uuid=client_uuid,
        found_on=found_on or timezone.localdate(now),
        origin_label=origin_label[:200],
        origin_url=origin_url[:300],
        supervision_deadline=supervision_deadline,
        reported_at=now,
    )
    tally.apply(None, tally.key(hazard))
    who = None if anonymous else actor
    _event(hazard, "report", who, before="", photos=stored)
    _audit(who, hazard, "report", {"category": category, "anonymous": anonymous})
    _tell(
        holders(Cap.HAZARD_CONFIRM, school).filter(memberships__org=school),
        hazard,
        "reported",
        gettext_lazy("New hazard #%(id)s to confirm: %(place)s"),
    )
    return hazard


@transaction.atomic
def set_finding_deadline(*, actor, hazards, deadline):
    """The bureau's deadline on findings it filed earlier (a supervision visit's findings get
    theirs when the notice is issued). Hazards no longer open are left as they are."""
    if deadline < today():
        raise DomainError(_("The deadline cannot be in the past."))
    changed = []
    for hazard in Hazard.objects.select_for_update().filter(
        pk__in=[h.pk for h in hazards], status__in=OPEN_STATUSES
    ):
        if not has_cap(actor, Cap.HAZARD_REPORT, hazard.school):
            raise PermissionRefused(_("You do not have permission to do this here."))
        if hazard.source not in (Source.SUPERVISION, Source.CAMPAIGN):
            raise DomainError(_("Only a bureau's findings carry the bureau's deadline."))
        before = hazard.supervision_deadline
        hazard.supervision_deadline = deadline
        hazard.save(update_fields=["supervision_deadline", "updated_at"])
        _event(hazard, "supervise", actor, before=hazard.status, note="")
        _audit(actor, hazard, "supervise", {"deadline": deadline, "before": before})
        changed.append(hazard)
    return changed
