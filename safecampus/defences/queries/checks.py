"""Who at a school has a hiring check in order, due soon, lapsed or never done; and, for a
bureau, how many are overdue at each school in one aggregate query."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from safecampus.core.access import has_cap, visible_orgs
from safecampus.core.models import Membership, OrgKind
from safecampus.core.roles import SCHOOL_ROLES, Cap
from safecampus.defences.models import BackgroundCheck, CheckResult, SecurityStaff
from safecampus.defences.rules import check_due, months_before


class Status:
    FOUND = "found"
    NEVER = "never"
    LAPSED = "lapsed"
    SOON = "soon"
    OK = "ok"


ORDER = [Status.FOUND, Status.NEVER, Status.LAPSED, Status.SOON, Status.OK]


@dataclass
class PersonCheck:
    key: str
    name: str
    post: str
    started: date | None
    last_on: date | None
    last_result: str
    due: date | None
    status: str


def _latest(field):
    """The person's checks at the school, newest first: from a membership (`user`) or from a
    security staff row (`staff`)."""
    if field == "staff":
        rows = BackgroundCheck.objects.filter(school=OuterRef("school"), staff=OuterRef("pk"))
    else:
        rows = BackgroundCheck.objects.filter(school=OuterRef("org"), user=OuterRef("user"))
    return rows.order_by("-checked_on", "-pk")


def _status(rules, last_on, result, today):
    if last_on is None:
        return None, Status.NEVER
    due = check_due(rules, last_on)
    if result == CheckResult.FOUND:
        return due, Status.FOUND
    if due < today:
        return due, Status.LAPSED
    if due <= today + timedelta(days=rules.recheck_remind_days):
        return due, Status.SOON
    return due, Status.OK


def school_people(user, school, rules):
    """Every active member and security staff member of the school with their check's state,
    the most urgent first: two queries."""
    if not has_cap(user, Cap.DEFENCE_VIEW, school):
        return []
    today = timezone.localdate()
    members = (
        Membership.objects.active()
        .filter(org=school, role__in=SCHOOL_ROLES)
        .select_related("user")
        .annotate(
            last_on=Subquery(_latest("user").values("checked_on")[:1]),
            last_result=Subquery(_latest("user").values("result")[:1]),
        )
        .order_by("user__display_name", "pk")
    )
    staff = (
        SecurityStaff.objects.active()
        .filter(school=school)
        .annotate(
            last_on=Subquery(_latest("staff").values("checked_on")[:1]),
            last_result=Subquery(_latest("staff").values("result")[:1]),
        )
        .order_by("name", "pk")
    )
    rows, seen = [], set()
    for m in members:
        if m.user_id in seen:
            continue
        seen.add(m.user_id)
        due, status = _status(rules, m.last_on, m.last_result, today)
        rows.append(
            PersonCheck(
                f"u-{m.user_id}",
                m.user.display_name or m.user.username,
                m.get_role_display(),
                timezone.localdate(m.started_at),
                m.last_on,
                m.last_result or "",
                due,
                status,
            )
        )
    for s in staff:
        due, status = _status(rules, s.last_on, s.last_result, today)
        rows.append(
            PersonCheck(
                f"s-{s.pk}",
                s.name,
                s.get_role_display(),
                s.started_on,
                s.last_on,
                s.last_result or "",
                due,
                status,
            )
        )
    rows.sort(key=lambda r: (ORDER.index(r.status), r.due or date.min, r.name))
    return rows


def overdue_by_school(user, org, rules):
    """{school id: people with no check in force} under `org`, the interval being the one of
    the rule set in force at `org`: two aggregate queries whatever the number of schools."""
    schools = visible_orgs(user, Cap.DEFENCE_VIEW).filter(
        kind=OrgKind.SCHOOL, path__startswith=org.path
    )
    return overdue_counts(schools, months_before(timezone.localdate(), rules.recheck_months))


def overdue_counts(schools, cutoff):
    """{school id: active members and security staff without a clear check since `cutoff`}
    for a queryset of schools (no viewer: the metric's read), in one query: each school with
    two counting subqueries."""
    in_force = BackgroundCheck.objects.filter(checked_on__gte=cutoff, result=CheckResult.CLEAR)
    members = (
        Membership.objects.active()
        .filter(org=OuterRef("pk"), role__in=SCHOOL_ROLES)
        .annotate(ok=Exists(in_force.filter(school=OuterRef("org"), user=OuterRef("user"))))
        .filter(ok=False)
        .order_by()
        .values("org")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    staff = (
        SecurityStaff.objects.active()
        .filter(school=OuterRef("pk"))
        .annotate(ok=Exists(in_force.filter(staff=OuterRef("pk"))))
        .filter(ok=False)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = schools.order_by().values_list(
        "pk",
        Coalesce(Subquery(members[:1]), 0),
        Coalesce(Subquery(staff[:1]), 0),
    )
    return {pk: m + s for pk, m, s in rows if m + s}


OVERDUE = {Status.FOUND, Status.NEVER, Status.LAPSED}
