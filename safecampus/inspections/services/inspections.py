"""Submitting an inspection: all answers at once, read-only afterwards; failures become hazards.

A phone that lost signal replays its queue: the same `client_uuid` returns the inspection
already saved, and each failed item's hazard has a client id derived from the inspection's, so
the hazard ledger's own idempotency guarantees one hazard per failed item whatever happens.
"""

import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import stored_photos
from safecampus.hazards.models import Source
from safecampus.hazards.services import report_hazard
from safecampus.inspections.failures import failure_text, is_count
from safecampus.inspections.models import (
    CheckTask,
    Inspection,
    InspectionResult,
    ItemKind,
    Outcome,
    Schedule,
)
from safecampus.inspections.queries import may_do
from safecampus.inspections.services.templates import current_version
from safecampus.inspections.workflow import CHECK_TASK

MAX_PHOTOS_PER_ITEM = 3
MAX_NUMBER = Decimal(10) ** 8  # the result's column: 10 digits, 2 of them decimals


class AnswersInvalid(DomainError):
    """Some answers are missing or wrong: `problems` maps item id to a message."""

    def __init__(self, problems):
        super().__init__(_("Some items need an answer or a photo: see the marked items."))
        self.problems = problems


# An offline phone replays within hours; an older clock reading is not trusted for lateness.
DEVICE_TIME_TRUSTED = timedelta(days=3)


def _number(raw):
    if raw in (None, ""):
        return None
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        return "bad"
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        return "bad"
    return number.quantize(Decimal("0.01"))


def judge(items, answers, photos):
    """Check every answer against its item: ({item id: (outcome, number, text)}, problems)."""
    judged, problems = {}, {}
    for item in items:
        answer = answers.get(item.pk) or answers.get(str(item.pk)) or {}
        item_photos = photos.get(item.pk) or []
        text = (answer.get("text") or "").strip()
        outcome, number = answer.get("outcome") or "", None
        if item.kind == ItemKind.PASS_FAIL:
            if outcome not in (Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE):
                problems[item.pk] = _("Choose pass, fail or not applicable.")
                continue
        elif item.kind == ItemKind.NUMBER:
            number = _number(answer.get("number"))
            if number == "bad" or number is None:
                problems[item.pk] = _("Enter a number (below 100,000,000).")
                continue
            if is_count(item.unit) and number != number.to_integral_value():
                problems[item.pk] = _("Enter a whole number: %(unit)s are counted.") % {
                    "unit": item.unit
                }
                continue
            low, high = item.min_value, item.max_value
            in_range = (low is None or number >= low) and (high is None or number <= high)
            outcome = Outcome.PASS if in_range else Outcome.FAIL
        elif item.kind == ItemKind.PHOTO:
            if not item_photos:
                problems[item.pk] = _("Take a photo.")
                continue
            outcome = Outcome.RECORDED
        else:
            outcome = Outcome.RECORDED
        if outcome == Outcome.FAIL and item.photo_on_fail and not item_photos:
            problems[item.pk] = _("A failed item needs a photo.")
            continue
        if len(item_photos) > MAX_PHOTOS_PER_ITEM:
            problems[item.pk] = _("At most %(n)d photos per item.") % {"n": MAX_PHOTOS_PER_ITEM}
            continue
        judged[item.pk] = (outcome, number, text)
    return judged, problems


def _store(actor, school, uploads):
    return stored_photos(actor=actor, org=school, uploads=uploads)


def _runs_here(template, school, task):
    """The school's own checklist, its scheduled task's, or one the bureau published to it."""
    if template.school_id == school.pk or task is not None:
        return True
    return Schedule.objects.filter(
        school=school, template=template, publication__isnull=False
    ).exists()


@transaction.atomic
def submit_inspection(
    *,
    actor,
    school,
    client_uuid,
    task=None,
    template=None,
    zone=None,
    answers,
    photos=None,
    device_time=None,
    note="",
    now=None,
):
    """Save a completed check. Either `task` (a scheduled check) or `template` (an ad-hoc one)."""
    if not has_cap(actor, Cap.CHECK_RUN, school):
        raise PermissionRefused(_("You do not have permission to do this here."))
    client_uuid = uuid.UUID(str(client_uuid))
    existing = replayed(Inspection, client_uuid, school=school, inspector=actor)
    if existing is not None:
        return existing
    now = now or timezone.now()
    if task is not None:
        task = (
            CheckTask.objects.select_for_update(of=("self",)).select_related("zone").get(pk=task.pk)
        )
        if task.school_id != school.pk:
            raise DomainError(_("This check belongs to another school."))
        if not may_do(actor, task):
            raise PermissionRefused(_("This check is given to someone else."))
        CHECK_TASK.check(task, "submit")
        template, zone = task.template, task.zone or zone
    if template is None or not _runs_here(template, school, task):
        raise DomainError(_("Choose one of this school's checklists."))
    if template.archived and task is None:
        raise DomainError(_("This checklist is archived."))
    if zone is not None and zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))
    version = current_version(template)
    items = list(version.items.all())
    photos = {int(k): [p for p in v if p] for k, v in (photos or {}).items()}
    judged, problems = judge(items, answers, photos)
    if problems:
        raise AnswersInvalid(problems)
    device_time = clock.aware(device_time)
    done_at = clock.effective_time(device_time, now, max_age=DEVICE_TIME_TRUSTED, skew=timedelta(0))
    inspection = Inspection.objects.create(
        school=school,
        version=version,
        task=task,
        zone=zone,
        inspector=actor,
        client_uuid=client_uuid,
        device_time=device_time,
        submitted_at=now,
        late=task is not None and done_at > task.due_by,
        note=(note or "").strip(),
    )
    url = inspection.get_absolute_url()
    failed = 0
    for item in items:
        outcome, number, text = judged[item.pk]
        result = InspectionResult.objects.create(
            inspection=inspection, item=item, outcome=outcome, number=number, text=text
        )
        stored = _store(actor, school, photos.get(item.pk, []))
        if stored:
            result.photos.set(stored)
        if outcome == Outcome.FAIL:
            failed += 1
            result.hazard = _hazard(actor, school, inspection, item, number, text, stored, url)
            result.save(update_fields=["hazard"])
    inspection.failed_count = failed
    inspection.save(update_fields=["failed_count"])
    if task is not None:
        task.status = CHECK_TASK.next_state(task, "submit")
        task.save(update_fields=["status"])
    audit.record(
        actor=actor,
        org=school,
        action="check.inspection_submit",
        obj=inspection,
        changes={"checklist": template.name, "version": version.number, "failed": failed},
    )
    return inspection


def _hazard(actor, school, inspection, item, number, text, photos, url):
    template = inspection.version.template
    when = timezone.localtime(inspection.submitted_at)
    description = failure_text(item, number)
    if text:
        description += f"\n{text}"
    # The place is where the check was done; a check at no particular zone covered the school.
    place = inspection.zone.path_name if inspection.zone else _("Whole school")
    return report_hazard(
        actor=actor,
        school=school,
        place=place,
        category=item.category,
        description=description,
        source=Source.CHECKLIST,
        zone=inspection.zone,
        photos=photos,
        client_uuid=uuid.uuid5(inspection.client_uuid, str(item.pk)),
        found_on=timezone.localdate(inspection.submitted_at),
        origin_label=f"{template.name} · {when:%Y-%m-%d %H:%M}",
        origin_url=url,
    )


@transaction.atomic
def keep_photos(*, actor, school, uploads):
    """Store photos ahead of a submission the page may have to show again (a missing answer
    must not make the person take the photos twice)."""
    if not has_cap(actor, Cap.CHECK_RUN, school):
        raise PermissionRefused(_("You do not have permission to do this here."))
    return _store(actor, school, uploads)
