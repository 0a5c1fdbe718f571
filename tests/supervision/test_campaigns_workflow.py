"""The campaign and stage hand-in tables hold: every listed move lands where the table says;
every other is refused with the table's message and changes nothing (tests/workflows.py)."""

import pytest

from safecampus.core.models import AuditEvent, Notification
from safecampus.supervision.models import (
    Campaign,
    CampaignSchool,
    CampaignStage,
    CampaignStatus,
    StageSubmission,
    SubmissionStatus,
)
from safecampus.supervision.services import campaigns as services
from safecampus.supervision.workflow import CAMPAIGN, STAGE_SUBMISSION
from tests.supervision.campaign_fixtures import admin, make_campaign
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


def _trace(*querysets):
    return (
        [list(qs.order_by("pk").values()) for qs in querysets],
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


@every_move(CAMPAIGN)
def test_campaigns_follow_their_table(state, action):
    def make(status):
        campaign = make_campaign(launch=status != CampaignStatus.DRAFT)
        if status == CampaignStatus.CLOSED:
            services.close_campaign(actor=admin(), campaign=campaign)
        return campaign

    def act(campaign, action):
        if action == "edit":
            services.edit_campaign(
                actor=admin(), campaign=campaign, title="改过的主题", target={}, description=""
            )
        else:
            getattr(services, f"{action}_campaign")(actor=admin(), campaign=campaign)

    check_move(
        CAMPAIGN,
        state,
        action,
        make=make,
        act=act,
        trace=lambda c: _trace(
            Campaign.objects.filter(pk=c.pk),
            CampaignStage.objects.filter(campaign=c),
            CampaignSchool.objects.filter(campaign=c),
        ),
    )


@every_move(STAGE_SUBMISSION)
def test_stage_hand_ins_follow_their_table(state, action, org, person):
    school, officer = org("s01"), person("s01.officer")
    campaign = make_campaign()
    stage = campaign.stages.get(position=1)

    def make(status):
        submission = services.submit_stage(
            actor=officer, stage=stage, school=school, text="已召开动员会"
        )
        if status == SubmissionStatus.ACCEPTED:
            services.accept_submission(actor=admin(), submission=submission)
        elif status == SubmissionStatus.RETURNED:
            services.return_submission(actor=admin(), submission=submission, reason="补充材料")
        return submission

    def act(submission, action):
        if action == "accept":
            services.accept_submission(actor=admin(), submission=submission)
        elif action == "return":
            services.return_submission(actor=admin(), submission=submission, reason="请补充")
        else:
            services.submit_stage(actor=officer, stage=stage, school=school, text="再次报送")

    check_move(
        STAGE_SUBMISSION,
        state,
        action,
        make=make,
        act=act,
        trace=lambda s: _trace(StageSubmission.objects.filter(pk=s.pk)),
    )
