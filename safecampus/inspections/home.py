"""Today's checks on a school leader's home page: how many of the day's checks are done (one
aggregate query)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.inspections.models import CheckTask, TaskStatus


def home_counts(user, school):
    if not has_cap(user, Cap.CHECK_VIEW, school):
        return []
    today = timezone.localdate()
    figures = CheckTask.objects.filter(school=school, day=today).aggregate(
        total=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE))
    )
    url = reverse("inspections:oversight", args=[school.pk])
    return [
        HomeCount(
            "checks-today",
            _("Checks done today"),
            figures["done"],
            f"{url}?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}",
            Cap.CHECK_VIEW,
            urgent=False,
            total=figures["total"],
        )
    ]
