"""Supervision's items of the school's safety calendar: the stages of the bureau's campaigns
that reached the school, each on the day it is due."""

from django.utils.translation import gettext as _

from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import Item, Kind
from safecampus.supervision.models import CampaignStage, CampaignStatus


def calendar_items(school, start, end):
    stages = (
        CampaignStage.objects.filter(
            campaign__schools__school=school,
            campaign__status__in=[CampaignStatus.RUNNING, CampaignStatus.CLOSED],
            due_on__gte=start,
            starts_on__lte=end,
        )
        .select_related("campaign")
        .order_by("due_on", "pk")
    )
    for stage in stages:
        yield Item(
            f"campaign-stage:{stage.pk}",
            stage.due_on,
            stage.due_on,
            _("%(campaign)s: “%(stage)s” due")
            % {"campaign": stage.campaign.title, "stage": stage.name},
            Kind.CAMPAIGN,
            url=stage.campaign.get_absolute_url(),
            cap=Cap.SUPERVISION_VIEW,
        )
