"""Equipment (物防): the school records items by place and type, inspects them, replaces them;
the daily sweep reminds the school before an item expires and files one hazard when it has."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.errors import DomainError
from safecampus.core.models import Zone
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.defences.models import Equipment, EquipmentCheck
from safecampus.defences.models.equipment import REMIND_DAYS, years_after
from safecampus.defences.services import in_use
from safecampus.defences.services import validation as check
from safecampus.hazards.models import Category, Source
from safecampus.hazards.services import report_hazard


def _clean(school, values):
    problems = check.Problems()
    zone = values.get("zone")
    if not isinstance(zone, Zone) or zone.school_id != school.pk:
        problems.add("zone", _("Choose a place of this school."))
    kind = values.get("kind")
    if kind is None:
        problems.add("kind", _("Choose the type."))
    count = values.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 10000:
        problems.add("count", _("Enter a count from 1 to 10000."))
    made_on = values.get("made_on")
    if made_on is None:
        problems.add("made_on", _("This field is required."))
    check.not_future(problems, "made_on", made_on)
    expires_on = values.get("expires_on")
    if expires_on and made_on and expires_on <= made_on:
        problems.add("expires_on", _("The expiry must be after the day it was made or bought."))
    note = check.text(problems, "note", values.get("note"), 200, required=False)
    problems.raise_any()
    if expires_on is None and kind.life_years:
        expires_on = years_after(made_on, kind.life_years)
    return {
        "zone": zone,
        "kind": kind,
        "count": count,
        "made_on": made_on,
        "expires_on": expires_on,
        "note": note,
    }


@transaction.atomic
def add_item(*, actor, school, replaces=None, **values):
    require(actor, Cap.DEFENCE_MANAGE, school)
    data = _clean(school, values)
    if replaces is not None:
        replaces = Equipment.objects.select_for_update().get(pk=replaces.pk)
        if replaces.school_id != school.pk or replaces.retired_on is not None:
            raise DomainError(_("Only an item of this school still in use can be replaced."))
        replaces.retired_on = timezone.localdate()
        replaces.save(update_fields=["retired_on"])
    item = Equipment.objects.create(school=school, replaces=replaces, **data)
    audit.record(
        actor=actor,
        org=school,
        action="defence.item_add" if replaces is None else "defence.item_replace",
        obj=item,
        changes={
            "place": [None, data["zone"].path_name],
            "count": [None, data["count"]],
            "expires_on": [None, data["expires_on"]],
            **({"replaces": [None, replaces.pk]} if replaces else {}),
        },
    )
    return item


@transaction.atomic
def retire_item(*, actor, item):
    return in_use.retire(
        actor=actor,
        thing=item,
        action="defence.item_retire",
        refusal=_("This item is no longer in use."),
    )


@transaction.atomic
def inspect_item(*, actor, item, checked_on, ok, note=""):
    """An inspection; a failed one files a hazard for the item's place."""
    require(actor, Cap.DEFENCE_MANAGE, item.school)
    return record_inspection(actor=actor, item=item, checked_on=checked_on, ok=ok, note=note)


def record_inspection(*, actor, item, checked_on, ok, note=""):
    """The inspection itself, inside the caller's transaction once the caller has checked the
    actor's capability (the school's keeper, or a guard at a shift handover)."""
    item = Equipment.objects.select_for_update().select_related("zone", "kind").get(pk=item.pk)
    if item.retired_on is not None:
        raise DomainError(_("This item is no longer in use."))
    problems = check.Problems()
    note = in_use.check_values(
        problems,
        field="checked_on",
        day=checked_on,
        since=item.made_on,
        too_early=_("The inspection cannot be before the item was made."),
        ok=ok,
        note=note,
    )
    problems.raise_any()
    hazard = None
    if not ok:
        hazard = in_use.file_failure(
            actor=actor,
            thing=item,
            day=checked_on,
            description=_("Equipment inspection failed: %(item)s. %(note)s")
            % {"item": item, "note": note},
            origin_label=_("Equipment: %(item)s") % {"item": item},
        )
    made = EquipmentCheck.objects.create(
        item=item, checked_on=checked_on, ok=ok, note=note, checked_by=actor, hazard=hazard
    )
    if item.last_checked_on is None or checked_on > item.last_checked_on:
        item.last_checked_on = checked_on
        item.save(update_fields=["last_checked_on"])
    audit.record(
        actor=actor,
        org=item.school,
        action="defence.item_check",
        obj=item,
        changes={"checked_on": [None, checked_on], "ok": [None, ok]},
    )
    return made


def sweep(today=None):
    """Remind once before an item expires; file one hazard for each expired item."""
    today = today or timezone.localdate()
    live = Equipment.objects.filter(retired_on__isnull=True, expires_on__isnull=False)
    reminded = 0
    soon = live.filter(
        reminded_at__isnull=True,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=REMIND_DAYS),
    ).select_related("school", "zone", "kind")
    for item in soon.iterator(chunk_size=500):
        with transaction.atomic():
            if not Equipment.objects.filter(pk=item.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                continue
            audit.record(actor=None, org=item.school, action="defence.item_remind", obj=item)
            notify(
                holders(Cap.DEFENCE_MANAGE, item.school),
                kind="defence.item_remind",
                title=gettext_lazy("%(item)s at %(place)s expires on %(day)s"),
                body=gettext_lazy("Replace it before it expires."),
                url=item.get_absolute_url(),
                org=item.school,
                params={
                    "item": str(item),
                    "place": item.zone.path_name,
                    "day": item.expires_on.isoformat(),
                },
            )
        reminded += 1
    filed = 0
    expired = live.filter(expires_on__lt=today, hazard__isnull=True).select_related(
        "school", "zone", "kind"
    )
    for item in expired.iterator(chunk_size=500):
        with transaction.atomic():
            locked = (
                Equipment.objects.select_for_update()
                .filter(pk=item.pk, hazard__isnull=True)
                .first()
            )
            if locked is None:
                continue
            # Filed by the system: no person reported it, so the ledger shows no reporter.
            hazard = report_hazard(
                actor=None,
                school=item.school,
                zone=item.zone,
                place=item.zone.path_name,
                category=Category.FIRE
                if item.kind.code.startswith("extinguisher")
                else Category.PUBLIC_SECURITY,
                description=_("%(item)s expired on %(day)s and is still in use.")
                % {"item": item, "day": item.expires_on.isoformat()},
                source=Source.SELF_INSPECTION,
                origin_label=_("Equipment: %(item)s") % {"item": item},
                origin_url=item.get_absolute_url(),
            )
            locked.hazard = hazard
            locked.save(update_fields=["hazard"])
            audit.record(
                actor=None,
                org=item.school,
                action="defence.item_expired",
                obj=item,
                changes={"hazard": [None, hazard.pk]},
            )
        filed += 1
    return {"reminded": reminded, "hazards": filed}
