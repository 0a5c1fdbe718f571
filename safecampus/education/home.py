"""Safety education on a school's home page: the classes still without today's 1530 entry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.education.queries.log import missing_today


def home_counts(user, school):
    if not has_cap(user, Cap.EDUCATION_MANAGE, school):
        return []
    missing, total = missing_today(school)
    if not total:
        return []
    return [
        HomeCount(
            "education-1530",
            _("Classes without today's 1530 entry"),
            missing,
            reverse("education:school", args=[school.pk]),
            Cap.EDUCATION_VIEW,
            urgent=False,
            total=total,
        )
    ]
