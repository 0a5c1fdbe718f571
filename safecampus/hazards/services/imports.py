"""Hazards imported from a school's own ledger: one hazard per checked row, in one transaction.

The rows come from the importer (hazards/importer.py), which parses and checks the workbook."""

import datetime
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.hazards import tally
from safecampus.hazards.models import Category, Grade, Hazard, HazardEvent, Source, Status

MAX_ROWS = 10_000


def _school_moment(day, hour=8):
    """A date as a moment at `hour` o'clock, school time."""
    if day is None:
        return None
    naive = datetime.datetime.combine(day, datetime.time(hour))
    return timezone.make_aware(naive, timezone.get_default_timezone())


@transaction.atomic
def import_ledger(*, actor, school, rows):
    """Create one hazard per valid row, with its timeline event and one audit event in all."""
    require(actor, Cap.HAZARD_IMPORT, school)
    rows = list(rows)
    if not rows:
        raise DomainError(_("There is nothing to import."))
    if len(rows) > MAX_ROWS:
        raise DomainError(
            _("The file has more than %(n)d rows; split it into several files.") % {"n": MAX_ROWS}
        )
    # The rows may have been checked against another school: people and zones must be this one's.
    people = {r.responsible_person_id for r in rows} | {r.accepted_by_id for r in rows}
    people.discard(None)
    members = set(
        Membership.objects.active()
        .filter(org=school, user_id__in=people)
        .values_list("user_id", flat=True)
    )
    foreign_zone = any(r.zone is not None and r.zone.school_id != school.pk for r in rows)
    if people - members or foreign_zone:
        raise DomainError(_("The rows were checked against another school; upload the file again."))

    hazards = []
    for r in rows:
        accepted_at = _school_moment(r.accepted_on)
        hazards.append(
            Hazard(
                school=school,
                zone=r.zone,
                place=r.place,
                category=Category.OTHER,
                description=r.description,
                source=Source.SELF_INSPECTION,
                status=r.status,
                grade=r.grade,
                supervised=r.grade == Grade.MAJOR and r.status != Status.CLOSED,
                reporter=None,
                anonymous=False,
                found_on=r.found_on,
                reported_at=_school_moment(r.found_on),
                responsible_unit=r.responsible_unit,
                responsible_person_id=r.responsible_person_id,
                measures=r.measures,
                deadline=r.deadline,
                funds_amount=r.funds_amount,
                rectified_at=_school_moment(r.rectified_on),
                accepted_by_id=r.accepted_by_id,
                accepted_at=accepted_at,
                closed_at=accepted_at if r.status == Status.CLOSED else None,
                imported=True,
            )
        )
    if connection.features.can_return_rows_from_bulk_insert:
        Hazard.objects.bulk_create(hazards, batch_size=500)
    else:
        for hazard in hazards:
            hazard.save(force_insert=True)
    tally.change(Counter(tally.key(h) for h in hazards))
    now = timezone.now()
    HazardEvent.objects.bulk_create(
        [
            HazardEvent(hazard=h, action="import", actor=actor, to_status=h.status, created_at=now)
            for h in hazards
        ],
        batch_size=1000,
    )
    audit.record(actor=actor, org=school, action="hazard.import", changes={"rows": len(hazards)})
    return len(hazards)
