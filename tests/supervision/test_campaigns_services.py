"""Campaign services: drafting from the presets, the refusals of a draft's dates and targets,
launch, hand-ins (figures required, late marked, resubmit after a return), hazards filed from
the campaign and counted from the ledger."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import AuditEvent, Notification
from safecampus.core.targets import matching_schools
from safecampus.hazards.models import Hazard, Source
from safecampus.supervision.models import (
    CampaignHazard,
    CampaignSchool,
    CampaignStatus,
    StagePreset,
    StageSubmission,
    SubmissionStatus,
)
from safecampus.supervision.queries import campaigns as queries
from safecampus.supervision.services import campaigns as services
from tests.helpers import png
from tests.supervision.campaign_fixtures import admin, bureau, make_campaign

pytestmark = pytest.mark.django_db


def test_a_draft_takes_the_default_stages_laid_end_to_end():
    start = timezone.localdate() + timedelta(days=3)
    campaign = services.create_campaign(
        actor=admin(), bureau=bureau(), title="防溺水", target={}, starts_on=start
    )
    stages = list(campaign.stages.order_by("position"))
    presets = list(StagePreset.objects.filter(org=None).order_by("position"))
    assert [s.name for s in stages] == [p.name for p in presets]
    assert stages[0].starts_on == start
    for stage, preset in zip(stages, presets, strict=True):
        assert (stage.due_on - stage.starts_on).days + 1 == preset.days
    for before, after in pairwise(stages):
        assert after.starts_on == before.due_on + timedelta(days=1)
    assert campaign.status == CampaignStatus.DRAFT


def test_a_bureau_with_its_own_presets_starts_from_them():
    StagePreset.objects.create(org=bureau(), position=1, name="自查", days=10)
    campaign = services.create_campaign(
        actor=admin(), bureau=bureau(), title="燃气", target={}, starts_on=timezone.localdate()
    )
    assert list(campaign.stages.values_list("name", flat=True)) == ["自查"]


def test_a_target_matching_no_school_is_refused_and_nothing_is_drafted():
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidFields) as refused:
        services.create_campaign(
            actor=admin(),
            bureau=bureau(),
            title="无",
            target={"school_kinds": ["vocational"], "boarding": True},
            starts_on=timezone.localdate(),
        )
    assert "target" in refused.value.fields
    assert AuditEvent.objects.count() == before


def _stage_values(stage, **changes):
    values = {
        "name": stage.name,
        "starts_on": stage.starts_on,
        "due_on": stage.due_on,
        "instructions": stage.instructions,
        "needs_report": stage.needs_report,
        "needs_photos": stage.needs_photos,
        "figures": stage.figures,
    }
    return {**values, **changes}


def test_reversed_or_overlapping_stage_dates_are_refused_and_change_nothing():
    campaign = make_campaign(launch=False)
    first, second = campaign.stages.order_by("position")[:2]
    with pytest.raises(InvalidFields) as refused:
        services.edit_stage(
            actor=admin(),
            stage=first,
            **_stage_values(first, due_on=first.starts_on - timedelta(days=1)),
        )
    assert "due_on" in refused.value.fields
    with pytest.raises(InvalidFields) as refused:
        services.edit_stage(
            actor=admin(), stage=first, **_stage_values(first, due_on=second.starts_on)
        )
    assert second.name in str(refused.value.fields["starts_on"])
    first.refresh_from_db()
    assert first.due_on == second.starts_on - timedelta(days=1)


def test_a_stage_edit_keeps_the_keys_of_figures_it_keeps():
    campaign = make_campaign(launch=False)
    third = campaign.stages.get(position=3)
    figures = [*third.figures, {"key": "rooms", "label": "整改场所数"}]
    services.edit_stage(actor=admin(), stage=third, **_stage_values(third, figures=figures))
    third.refresh_from_db()
    assert [f["key"] for f in third.figures] == ["hazards_found", "hazards_fixed", "funds", "rooms"]


def test_launch_freezes_the_target_and_tells_the_schools_leaders():
    campaign = make_campaign(launch=False)
    before = Notification.objects.filter(kind="supervision.campaign").count()
    services.launch_campaign(actor=admin(), campaign=campaign)
    reached = set(CampaignSchool.objects.filter(campaign=campaign).values_list("school", flat=True))
    assert reached == set(matching_schools(bureau(), {}).values_list("pk", flat=True))
    told = Notification.objects.filter(kind="supervision.campaign").count() - before
    assert told >= len(reached)  # a principal and a safety officer in each school


def test_a_missing_figure_is_refused_with_its_name_and_nothing_is_written(org, person):
    campaign = make_campaign(days_into=7 + 21 + 1)  # in the third stage
    third = campaign.stages.get(position=3)
    before = (StageSubmission.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InvalidFields) as refused:
        services.submit_stage(
            actor=person("s01.officer"),
            stage=third,
            school=org("s01"),
            text="整改进度",
            figures={"hazards_found": "4", "hazards_fixed": ""},
            uploads=[png()],
        )
    fields = refused.value.fields
    assert set(fields) == {"figure_hazards_fixed", "figure_funds"}
    assert "已整改隐患数" in str(fields["figure_hazards_fixed"])
    assert "投入整改资金（元）" in str(fields["figure_funds"])
    assert (StageSubmission.objects.count(), AuditEvent.objects.count()) == before


def test_a_stage_needing_photos_refuses_a_hand_in_without_one(org, person):
    campaign = make_campaign(days_into=7 + 21 + 1)
    third = campaign.stages.get(position=3)
    with pytest.raises(InvalidFields) as refused:
        services.submit_stage(
            actor=person("s01.officer"),
            stage=third,
            school=org("s01"),
            text="整改进度",
            figures={"hazards_found": 4, "hazards_fixed": 3, "funds": "1200.5"},
        )
    assert set(refused.value.fields) == {"photos"}
    submission = services.submit_stage(
        actor=person("s01.officer"),
        stage=third,
        school=org("s01"),
        text="整改进度",
        figures={"hazards_found": 4, "hazards_fixed": 3, "funds": "1200.5"},
        uploads=[png()],
    )
    assert submission.figures == {"hazards_found": 4, "hazards_fixed": 3, "funds": 1200.5}
    assert submission.attachments.count() == 1


def test_a_hand_in_after_the_due_day_is_taken_and_shown_late(org, person):
    campaign = make_campaign(days_into=9)  # the first stage (7 days) ended two days ago
    first = campaign.stages.get(position=1)
    submission = services.submit_stage(
        actor=person("s01.officer"), stage=first, school=org("s01"), text="补报"
    )
    assert submission.status == SubmissionStatus.SUBMITTED
    assert services.is_late(submission)
    _total, counts = queries.stage_counts(campaign, queries.stages(campaign))
    assert counts[0][1]["late"] == 1 and counts[0][1]["on_time"] == 0
    row = queries.board_rows(
        campaign, queries.stages(campaign), list(queries.school_rows(campaign, [org("s01").pk]))
    )[0]
    assert row.cells[0][1] == queries.Cell.LATE


def test_a_returned_hand_in_is_handed_in_again_and_the_school_is_told(org, person):
    campaign = make_campaign()
    first = campaign.stages.get(position=1)
    officer = person("s01.officer")
    submission = services.submit_stage(actor=officer, stage=first, school=org("s01"), text="一")
    with pytest.raises(InvalidFields) as refused:
        services.return_submission(actor=admin(), submission=submission, reason="  ")
    assert "reason" in refused.value.fields
    services.return_submission(actor=admin(), submission=submission, reason="缺名单")
    assert Notification.objects.filter(user=officer, title__contains=first.name).exists()
    again = services.submit_stage(actor=officer, stage=first, school=org("s01"), text="二")
    assert (again.pk, again.status, again.text) == (
        submission.pk,
        SubmissionStatus.SUBMITTED,
        "二",
    )


def test_a_school_the_campaign_did_not_reach_cannot_hand_in(org, person):
    campaign = make_campaign()
    CampaignSchool.objects.filter(campaign=campaign, school=org("s01")).delete()
    with pytest.raises(DomainError):
        services.submit_stage(
            actor=person("s01.officer"),
            stage=campaign.stages.get(position=1),
            school=org("s01"),
            text="一",
        )


def test_hazards_filed_from_the_campaign_carry_it_and_are_counted(org, person):
    campaign = make_campaign()
    hazard = services.report_campaign_hazard(
        actor=person("s01.officer"),
        campaign=campaign,
        school=org("s01"),
        place="楼梯",
        category="fire",
        description="灭火器过期",
    )
    assert hazard.source == Source.CAMPAIGN
    assert hazard.origin_url == campaign.get_absolute_url()
    assert hazard.origin_label == campaign.title
    assert CampaignHazard.objects.get(hazard=hazard).campaign == campaign
    assert queries.hazard_counts(campaign) == {"found": 1, "fixed": 0}
    Hazard.objects.filter(pk=hazard.pk).update(status="closed")
    assert queries.hazard_counts(campaign) == {"found": 1, "fixed": 1}
    assert queries.hazard_counts(campaign, [org("s02").pk]) == {"found": 0, "fixed": 0}
