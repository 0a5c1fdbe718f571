"""The guard's shift handover (交接班): what happened, the equipment at the post checked (a
failed item files a hazard), open items passed on to the next guard, who is told."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.models import Membership, Zone
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.defences.models import Equipment, Handover, HandoverCheck
from safecampus.defences.services import validation as check
from safecampus.defences.services.equipment import record_inspection


@transaction.atomic
def hand_over(
    *, actor, school, zone, happened="", open_items="", handed_to=None, checks=(), client_uuid=None
):
    """`checks`: (item, ok, note) for the equipment looked at during the handover."""
    require(actor, Cap.DEFENCE_DUTY, school)
    existing = replayed(Handover, client_uuid, school=school)
    if existing is not None:
        return existing
    problems = check.Problems()
    if not isinstance(zone, Zone) or zone.school_id != school.pk:
        problems.add("zone", _("Choose a place of this school."))
    happened = check.text(problems, "happened", happened, 2000, required=False)
    open_items = check.text(problems, "open_items", open_items, 2000, required=False)
    if handed_to is not None and not (
        Membership.objects.active().filter(org=school, user=handed_to).exists()
    ):
        problems.add("handed_to", _("Choose a member of the school's staff."))
    if handed_to is not None and handed_to.pk == actor.pk:
        problems.add("handed_to", _("Hand over to someone else."))
    for item, ok, note in checks:
        if not ok and not (note or "").strip():
            problems.add(f"item_{item.pk}", _("Say what is wrong when it is not in order."))
    problems.raise_any()
    for item, _ok, _note in checks:
        if item.school_id != school.pk:
            raise DomainError(_("Only the school's own equipment can be checked."))
    now = timezone.now()
    handover = Handover.objects.create(
        school=school,
        zone=zone,
        handed_by=actor,
        handed_to=handed_to,
        happened=happened,
        open_items=open_items,
        handed_at=now,
        client_uuid=client_uuid,
    )
    today = timezone.localdate(now)
    failed = 0
    for item, ok, note in checks:
        inspection = record_inspection(
            actor=actor, item=item, checked_on=today, ok=ok, note=(note or "").strip()
        )
        HandoverCheck.objects.create(handover=handover, inspection=inspection)
        failed += not ok
    audit.record(
        actor=actor,
        org=school,
        action="defence.handover",
        obj=handover,
        changes={
            "post": [None, zone.path_name],
            "checked": [None, len(checks)],
            "failed": [None, failed],
            **({"handed_to": [None, str(handed_to)]} if handed_to else {}),
        },
    )
    if handed_to is not None and open_items:
        # The inbox row is written with the handover; the e-mail goes after commit.
        notify(
            [handed_to],
            kind="defence.handover",
            title=gettext_lazy("Shift handed over to you at %(post)s"),
            body=gettext_lazy("Open items: %(items)s"),
            url=reverse("defences:handover", args=[school.pk]),
            org=school,
            params={"post": zone.path_name, "items": open_items[:300]},
        )
    return handover


def equipment_at(school, zone):
    """The items in use at the post, for the handover's check list."""
    return (
        Equipment.objects.filter(school=school, zone=zone, retired_on__isnull=True)
        .select_related("kind")
        .order_by("kind__position", "pk")
    )
