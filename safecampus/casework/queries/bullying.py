"""Read side of the bullying cases. Staff reads start from scope; late acceptance,
investigation and review are derived from their dates. The tip line's reads have no viewer:
the reporter is known only by the tracking code (`public_case`)."""

from django.db.models import Count, Q
from django.utils import timezone

from safecampus.casework.models import BullyingCase, BullyingMessage, BullyingStatus
from safecampus.casework.models.bullying import code_digest
from safecampus.core.access import visible_to
from safecampus.core.models import Org, OrgKind
from safecampus.core.roles import Cap

B = BullyingStatus
OPEN = (B.RECEIVED, B.INVESTIGATING, B.DETERMINED, B.MEASURES, B.APPEALED)


def late_q(today):
    """The open cases past a time limit of their state: acceptance, finding, review."""
    return (
        Q(status=B.RECEIVED, accept_by__lt=today)
        | Q(status=B.INVESTIGATING, investigate_by__lt=today)
        | Q(status=B.APPEALED, review_by__lt=today)
    )


def late_limit(case, today=None):
    """The date limit the case is past, or None."""
    today = today or timezone.localdate()
    limit = {
        B.RECEIVED: case.accept_by,
        B.INVESTIGATING: case.investigate_by,
        B.APPEALED: case.review_by,
    }.get(case.status)
    return limit if limit is not None and limit < today else None


def cases(*, user, school, status="", late=False):
    qs = visible_to(user, BullyingCase, Cap.CASEWORK_VIEW).filter(school=school)
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    if late:
        qs = qs.filter(late_q(timezone.localdate()))
    return qs.select_related("school", "handler").order_by("-received_at", "-pk")


def case_of(*, user, case_id):
    return (
        visible_to(user, BullyingCase, Cap.CASEWORK_VIEW)
        .select_related("school", "handler", "created_by")
        .filter(pk=case_id)
    )


def counts(*, user, school):
    today = timezone.localdate()
    return (
        visible_to(user, BullyingCase, Cap.CASEWORK_VIEW)
        .filter(school=school, status__in=OPEN)
        .aggregate(
            open=Count("pk"),
            late=Count("pk", filter=late_q(today)),
            received=Count("pk", filter=Q(status=B.RECEIVED)),
            unreported=Count("pk", filter=Q(severity="grave", reported_onward_at__isnull=True)),
        )
    )


def messages(case):
    return case.messages.select_related("author").order_by("created_at", "pk")


# The tip line: no account, so no viewer ------------------------------------------------------


def public_school(code):
    """The school whose tip line page has this code, or None."""
    return Org.objects.filter(code=code, kind=OrgKind.SCHOOL).first()


def public_case(tracking_code):
    """The case a reporter follows by its tracking code, or None."""
    if not tracking_code:
        return None
    return (
        BullyingCase.objects.filter(code_digest=code_digest(tracking_code))
        .select_related("school")
        .first()
    )


def public_messages(case):
    return BullyingMessage.objects.filter(case=case).order_by("created_at", "pk")
