"""Reads of the equipment: a school's items in use with what is due, one item with its
inspections, per-school counts of expired items for a bureau, and what each school has of the
equipment its rule set requires."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import get_visible_or_404, visible_to
from safecampus.core.models import Org, ZoneKind
from safecampus.core.roles import Cap
from safecampus.defences.models import CountBasis, Equipment, RequiredEquipment
from safecampus.defences.models.equipment import REMIND_DAYS
from safecampus.defences.rules import RulesIndex


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


@dataclass(frozen=True)
class Requirement:
    """One required type at one school: the rule's line, what it asks, what is there."""

    line: RequiredEquipment
    required: int
    have: int

    @property
    def short(self):
        return max(0, self.required - self.have)


def required_count(line, *, guards, gates):
    """The line's minimum times its basis: active guards, gate zones, or once per school."""
    if line.basis == CountBasis.GUARD:
        return line.minimum * guards
    if line.basis == CountBasis.GATE:
        return line.minimum * gates
    return line.minimum


def requirements(schools, index=None, today=None):
    """{school id: [Requirement, ...]} for every school in the queryset `schools` whose rule set
    (the nearest chosen up its tree, as for staffing) has lines. Four queries, however many
    schools: the rules, the lines, the schools with their guards and gates, the items."""
    today = today or timezone.localdate()
    index = index or RulesIndex.everywhere()
    lines = {}
    for line in RequiredEquipment.objects.select_related("kind").order_by(
        "kind__position", "kind__name"
    ):
        lines.setdefault(line.rule_set_id, []).append(line)
    if not lines:
        return {}
    rows = (
        Org.objects.filter(pk__in=schools.values("pk"))
        .annotate(
            n_guards=Count(
                "security_staff", filter=Q(security_staff__left_on__isnull=True), distinct=True
            ),
            n_gates=Count("zones", filter=Q(zones__kind=ZoneKind.GATE), distinct=True),
        )
        .values_list("pk", "path", "n_guards", "n_gates")
    )
    found = {}
    for pk, path, guards, gates in rows:
        rules = index.for_path(path)
        mine = lines.get(rules.pk, []) if rules is not None else []
        if mine:
            found[pk] = (mine, guards, gates)
    if not found:
        return {}
    have = {
        (row["school"], row["kind"]): row["n"]
        for row in Equipment.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today),
            school__in=list(found),
            retired_on__isnull=True,
        )
        .order_by()
        .values("school", "kind")
        .annotate(n=Sum("count"))
    }
    return {
        pk: [
            Requirement(
                line,
                required_count(line, guards=guards, gates=gates),
                have.get((pk, line.kind_id), 0),
            )
            for line in mine
        ]
        for pk, (mine, guards, gates) in found.items()
    }


def requirements_of(school):
    """The school's required types with what it has (a school page)."""
    rows = Org.objects.filter(pk=school.pk)
    return requirements(rows, RulesIndex.under(school)).get(school.pk, [])
