"""Reporting a hazard: named, anonymous, or from the public page."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import active_memberships, has_cap, holders
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.roles import BUREAU_ROLES, Cap, capabilities_of
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

# How far ahead a bureau may set the day its finding must be fixed by.
FINDING_DEADLINE_DAYS = 366
# What a bureau's finding may have been found during.
FINDING_SOURCES = (Source.SUPERVISION, Source.CAMPAIGN, Source.REPORT)


def finding_bureau(actor, school):
    """The bureau a person reports for at `school`: the org of their bureau role above it, when
    they are not on the school's own staff (staff report as staff). None otherwise."""
    if actor is None:
        return None
    memberships = active_memberships(actor)
    if any(m.org_id == school.pk for m in memberships):
        return None
    above = [
        m.org
        for m in memberships
        if m.role in BUREAU_ROLES
        and m.org_id != school.pk
        and school.path.startswith(m.org.path)
        and Cap.HAZARD_REPORT in capabilities_of(m.role)
    ]
    # The nearest bureau: the one deepest in the tree.
    return max(above, key=lambda org: len(org.path), default=None)


def _check_finding(anonymous, source, supervision_deadline, deadline_follows):
    if anonymous:
        raise DomainError(_("A bureau's finding is filed by name."))
    if source not in FINDING_SOURCES:
        raise DomainError(_("A bureau's finding comes from a visit, a campaign or a report."))
    if supervision_deadline is None:
        if not deadline_follows:
            raise DomainError(_("Give the day the finding must be fixed by."))
    elif supervision_deadline > today() + timedelta(days=FINDING_DEADLINE_DAYS):
        raise DomainError(_("The deadline must be within a year."))


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
    deadline_follows=False,
):
    """A new hazard. `actor` None is a report from the public page (always anonymous).

    A repeated `client_uuid` (a phone replaying its queue) returns the first hazard and creates
    nothing; the reporter's right to report is checked first all the same.
    `supervision_deadline`: the day a bureau's finding (a supervision visit, a campaign) must be
    fixed by; the school's own deadline is set when it assigns the work. `deadline_follows`: a
    supervision visit's findings are filed item by item and all get the deadline of its notice
    (`set_finding_deadline`), so they may be filed without one.
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
    found_by = finding_bureau(actor, school)
    if found_by is not None:
        _check_finding(anonymous, source, supervision_deadline, deadline_follows)
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
        found_by=found_by,
        reported_at=now,
    )
    tally.apply(None, tally.key(hazard))
    who = None if anonymous else actor
    _event(hazard, "report", who, before="", photos=stored)
    changes = {"category": category, "anonymous": anonymous}
    if found_by is not None:
        changes.update(found_by=found_by.name, deadline=supervision_deadline)
    _audit(who, hazard, "report", changes)
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
