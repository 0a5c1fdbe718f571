"""Read side of the persons of concern. Every function takes the viewer and starts from scope:
the casework lists for those who may see them, the flagged cases for the police liaison."""

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from safecampus.casework.models import (
    ConcernCategory,
    ConcernFollowUp,
    ConcernStatus,
    PersonOfConcern,
)
from safecampus.core.access import has_cap, holders, visible_to
from safecampus.core.models import Membership, User
from safecampus.core.roles import Cap

OPEN = (ConcernStatus.OPEN, ConcernStatus.MANAGED)


def scoped(user):
    """Every case the user may know of: all of a school's for the casework lists' readers,
    the flagged ones for the police liaison."""
    return visible_to(user, PersonOfConcern, Cap.CASEWORK_VIEW) | visible_to(
        user, PersonOfConcern, Cap.CONCERN_FLAGGED
    ).filter(flagged=True)


def may_list(user, school):
    return has_cap(user, Cap.CASEWORK_VIEW, school) or has_cap(user, Cap.CONCERN_FLAGGED, school)


def concerns(*, user, school, status="", risk_level="", overdue=False, flagged=False):
    """The school's cases the user may know of, with the next review's date and whether it is
    overdue (derived), the most urgent first."""
    today = timezone.localdate()
    pending = ConcernFollowUp.objects.filter(concern=OuterRef("pk"), done_at__isnull=True)
    qs = (
        scoped(user)
        .filter(school=school)
        .annotate(
            next_due=Min("follow_ups__due_on", filter=Q(follow_ups__done_at__isnull=True)),
            overdue=Exists(pending.filter(due_on__lt=today)),
        )
    )
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    if risk_level:
        qs = qs.filter(risk_level=risk_level)
    if overdue:
        qs = qs.filter(overdue=True)
    if flagged:
        qs = qs.filter(flagged=True)
    return qs.select_related("school", "category", "responsible", "student__school_class").order_by(
        "status", "-overdue", "next_due", "-pk"
    )


def concern_of(*, user, concern_id):
    return (
        scoped(user)
        .select_related(
            "school", "category", "responsible", "student__school_class", "staff", "created_by"
        )
        .filter(pk=concern_id)
    )


def follow_ups(concern):
    return concern.follow_ups.select_related("done_by").order_by("-due_on", "-pk")


def overdue_follow_up(concern):
    return concern.follow_ups.filter(done_at__isnull=True, due_on__lt=timezone.localdate()).exists()


def categories():
    return ConcernCategory.objects.order_by("group", "order", "pk")


def responsibles(school):
    """Who may be made responsible for a case: the school's people who see the casework lists
    (a case's responsible person reads it in full)."""
    return staff_of(school).filter(pk__in=holders(Cap.CASEWORK_VIEW, school).values("pk"))


def staff_of(school):
    """The school's people, for the staff picker."""
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.active().filter(org=school).values("user"),
    ).order_by("display_name", "pk")


def counts(*, user, school):
    """Open cases, high risk, overdue reviews, flagged: the figures above the list."""
    today = timezone.localdate()
    overdue = ConcernFollowUp.objects.filter(
        concern=OuterRef("pk"), done_at__isnull=True, due_on__lt=today
    )
    return (
        scoped(user)
        .filter(school=school, status__in=OPEN)
        .annotate(late=Exists(overdue))
        .aggregate(
            open=Count("pk"),
            high=Count("pk", filter=Q(risk_level="high")),
            overdue=Count("pk", filter=Q(late=True)),
            flagged=Count("pk", filter=Q(flagged=True)),
        )
    )


def flagged_under(*, user, org):
    """The open cases flagged to the police in the schools under `org`, for the police
    liaison's list across a district."""
    return (
        visible_to(user, PersonOfConcern, Cap.CONCERN_FLAGGED)
        .filter(flagged=True, status__in=OPEN, school__path__startswith=org.path)
        .select_related("school", "category")
        .order_by("-opened_on", "-pk")
    )
