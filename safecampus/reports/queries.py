"""Every read of reports, from `visible_to`."""

from django.utils import timezone

from safecampus.core.access import get_visible_or_404, visible_to
from safecampus.core.models import Term
from safecampus.reports.models import Summary


def summaries(user, org):
    """The summaries of one org, newest first (index summary_org_recent)."""
    return (
        visible_to(user, Summary)
        .filter(org=org)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
    )


def summary(user, pk):
    return get_visible_or_404(user, Summary, pk)


def terms_for(org, limit=8):
    """The terms set at the org or above it that have begun, latest first (the term under way
    is the first choice): a summary usually covers one."""
    return list(
        Term.objects.filter(org_id__in=org.ancestor_ids(), start__lte=timezone.localdate())
        .select_related("org")
        .order_by("-start", "pk")[:limit]
    )
