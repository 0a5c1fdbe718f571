"""A campaign of the demo district made for a test: drafted from the default stages, with the
first stage running today, and launched when asked."""

from datetime import timedelta

from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.supervision.services import campaigns as services

MARK = "测试整治"


def bureau():
    return Org.objects.get(code="demo-district")


def admin():
    return User.objects.get(username="bureau.admin")


def make_campaign(*, launch=True, days_into=2, target=None, title=MARK):
    """The first stage started `days_into` days ago (the first default stage lasts 7 days)."""
    campaign = services.create_campaign(
        actor=admin(),
        bureau=bureau(),
        title=title,
        target=target or {},
        starts_on=timezone.localdate() - timedelta(days=days_into),
    )
    if launch:
        services.launch_campaign(actor=admin(), campaign=campaign)
    campaign.refresh_from_db()
    return campaign
