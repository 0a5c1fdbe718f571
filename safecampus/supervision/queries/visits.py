"""Every read the visit pages and the API need, each starting from what the viewer may see.

A school does not see an unannounced visit (四不两直) before it starts: the rows are narrowed
here, for every page, list and API answer alike, to those the viewer's school may see, unless
the viewer inspects for the bureau (supervision.manage over the school).
"""

from django.db.models import Count, Exists, OuterRef, Q

from safecampus.core.access import visible_orgs, visible_to
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.hazards.models import Hazard, Status
from safecampus.supervision.models import SupervisionVisit, VisitKind, VisitResult, VisitStatus

# A finding is fixed once the school has accepted the rectification (and the bureau, for a
# major one, may still sign it off).
FIXED = (Status.ACCEPTED, Status.CLOSED)
ACTIVE = (VisitStatus.PLANNED, VisitStatus.UNDER_WAY)


def _unhidden(user, rows):
    if user.is_superuser:
        return rows
    inspects = visible_orgs(user, Cap.SUPERVISION_MANAGE).values("pk")
    return rows.filter(
        Q(started_at__isnull=False) | ~Q(kind=VisitKind.UNANNOUNCED) | Q(school__in=inspects)
    )


def seen_by(user):
    """Every visit the user may know of (the page then asks for supervision.view)."""
    return _unhidden(user, visible_to(user, SupervisionVisit))


def readable(user):
    """The visits the user may read: in scope, through a role granting supervision.view."""
    return _unhidden(user, visible_to(user, SupervisionVisit, Cap.SUPERVISION_VIEW))


def _listed(rows):
    return rows.select_related("school", "lead", "version__template").annotate(
        failed=Count("results", filter=Q(results__outcome="fail"))
    )


def visits(*, user, org, status="", kind="", school=None, inspector=None, start=None, end=None):
    """The visits at `org`'s schools (a school: its own), newest first, filtered."""
    rows = readable(user)
    if org.is_school:
        rows = rows.filter(school=org)
    else:
        rows = rows.filter(school__in=Org.objects.under(org).schools().values("pk"))
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if school is not None:
        rows = rows.filter(school=school)
    if inspector is not None:
        team = SupervisionVisit.inspectors.through.objects.filter(
            supervisionvisit_id=OuterRef("pk"), user_id=inspector.pk
        )
        rows = rows.filter(Q(lead=inspector) | Exists(team))
    if start is not None:
        rows = rows.filter(planned_on__gte=start)
    if end is not None:
        rows = rows.filter(planned_on__lte=end)
    return _listed(rows).order_by("-planned_on", "-pk")


def _mine(user):
    team = SupervisionVisit.inspectors.through.objects.filter(
        supervisionvisit_id=OuterRef("pk"), user_id=user.pk
    )
    return readable(user).filter(Q(lead=user) | Exists(team))


def my_upcoming(user, today):
    """The inspector's visits still to do or under way: today's first, then the coming days."""
    rows = (
        _mine(user)
        .filter(status__in=ACTIVE)
        .filter(Q(planned_on__gte=today) | Q(status=VisitStatus.UNDER_WAY))
    )
    return _listed(rows).order_by("planned_on", "pk")


def my_past(user, today):
    """The inspector's other visits, newest first."""
    upcoming = Q(status__in=ACTIVE) & (Q(planned_on__gte=today) | Q(status=VisitStatus.UNDER_WAY))
    return _listed(_mine(user).exclude(upcoming)).order_by("-planned_on", "-pk")


def visit_for(user, pk):
    """One visit as `get_visible_or_404` wants its queryset."""
    return seen_by(user).select_related(
        "school", "bureau", "lead", "version__template", "responded_by", "closed_by"
    )


def findings(visit):
    """(item, result or None) for every item of the visit's checklist, in order; a result's
    hazard comes with its zone's full path."""
    items = list(visit.version.items.all()) if visit.version_id else []
    results = {
        r.item_id: r
        for r in VisitResult.objects.filter(visit=visit)
        .select_related("hazard__zone", "recorded_by")
        .prefetch_related("photos")
    }
    return [(item, results.get(item.pk)) for item in items]


def hazard_counts(visit):
    """How many hazards the visit filed, and how many of them are fixed."""
    rows = Hazard.objects.filter(
        pk__in=VisitResult.objects.filter(visit=visit, hazard__isnull=False).values("hazard")
    )
    return rows.aggregate(filed=Count("pk"), fixed=Count("pk", filter=Q(status__in=FIXED)))


def team(visit):
    return [visit.lead, *visit.inspectors.order_by("display_name", "pk")]
