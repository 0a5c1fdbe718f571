"""Reads of the equipment: a school's items in use with what is due, one item with its
inspections, and per-school counts of expired items for a bureau."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import get_visible_or_404, visible_to
from safecampus.core.roles import Cap
from safecampus.defences.models import Equipment
from safecampus.defences.services.equipment import REMIND_DAYS


@dataclass(frozen=True)
class ItemState:
    code: str
    label: str


def items_of(user, school, *, retired=False):
    rows = visible_to(user, Equipment, Cap.DEFENCE_VIEW).filter(
        school=school, retired_on__isnull=not retired
    )
    return rows.select_related("zone", "kind").order_by("zone__path_name", "kind__position", "pk")


def one(user, pk):
    return get_visible_or_404(
        user,
        Equipment,
        pk,
        queryset=visible_to(user, Equipment, Cap.DEFENCE_VIEW).select_related(
            "school", "zone", "kind", "hazard"
        ),
    )


def states(item, today):
    """What is due on one item, the most pressing first (no query: its type is loaded)."""
    found = []
    if item.retired_on:
        return found
    if item.expires_on and item.expires_on < today:
        found.append(ItemState("expired", _("Expired")))
    elif item.expires_on and item.expires_on <= today + timedelta(days=REMIND_DAYS):
        found.append(ItemState("expiring", _("Expires within %(n)d days") % {"n": REMIND_DAYS}))
    due = item.next_check
    if due and due < today:
        found.append(ItemState("check_due", _("Inspection overdue")))
    service = item.next_service(today)
    if service and service <= today + timedelta(days=REMIND_DAYS):
        found.append(ItemState("service_due", _("Service due %(day)s") % {"day": service}))
    return found


def judged(rows):
    today = timezone.localdate()
    return [(item, states(item, today)) for item in rows]


def expired_by_school(schools):
    """{school id: items in use past their expiry}, one aggregate query."""
    today = timezone.localdate()
    rows = (
        Equipment.objects.filter(
            school__in=schools.values("pk"), retired_on__isnull=True, expires_on__lt=today
        )
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
    )
    return {row["school"]: row["n"] for row in rows}
