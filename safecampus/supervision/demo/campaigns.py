"""The demo district's campaign: a 校园安全隐患专项整治行动 in its third stage (集中整治).

Stages 1–2 are handed in by most schools (some late, one returned), stage 3 by a few; a few
hazards are filed with the campaign as their source. The dates are laid out from today, so the
campaign is in its third stage whenever the demo is loaded. Writes go through the services;
only the hand-in times are moved back afterwards, as a demo's history needs.
"""

import io
import random
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from safecampus.core.models import Org, User
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.supervision.models import Campaign, CampaignStage, StageSubmission
from safecampus.supervision.services import campaigns as services

TITLE = "校园安全隐患专项整治行动"
DESCRIPTION = "按照市教育局部署，全区中小学、幼儿园开展为期三个月的校园安全隐患专项整治。"
# Days into the third stage (集中整治, 30 days) today.
INTO_THIRD = 10

REPORTS = [
    "已召开动员会，成立以校长为组长的领导小组，印发实施方案。",
    "已完成全面自查，建立隐患台账，明确整改责任人和时限。",
    "正在对照台账逐项整改，附整改前后照片。",
]
HAZARDS = [
    ("教学楼三楼东侧楼梯", "electrical", "楼梯间应急照明灯损坏，停电时无照明。"),
    ("食堂后厨", "fire", "后厨灭火器过期未更换。"),
    ("操场东侧围墙", "structure", "围墙局部开裂，有倒塌风险。"),
]


def _photo(label):
    image = Image.new("RGB", (320, 240), (120, 160, 130))
    ImageDraw.Draw(image).rectangle([16, 16, 304, 224], outline=(40, 60, 40), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(f"{label}.png", out.getvalue(), content_type="image/png")


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _hand_in(stage, school, officer, *, day, rng, position):
    figures = {f["key"]: rng.randrange(2, 12) for f in stage.figures}
    if "hazards_fixed" in figures and "hazards_found" in figures:
        figures["hazards_fixed"] = min(figures["hazards_fixed"], figures["hazards_found"])
    if "funds" in figures:
        figures["funds"] = rng.randrange(2, 40) * 500
    submission = services.submit_stage(
        actor=officer,
        stage=stage,
        school=school,
        text=REPORTS[min(position, len(REPORTS)) - 1],
        figures=figures,
        uploads=[_photo(f"{school.code}-{position}")] if stage.needs_photos else [],
    )
    StageSubmission.objects.filter(pk=submission.pk).update(submitted_at=_at(day, 16))
    return submission


def load(demo):
    """Idempotent: a bureau that has the campaign is left alone."""
    district = Org.objects.get(code="demo-district")
    if Campaign.objects.filter(bureau=district, title=TITLE).exists():
        return
    admin = demo.bureau[Role.BUREAU_ADMIN]
    today = timezone.localdate()
    rng = random.Random("campaigns")
    with muted():
        # The default stages last 7 and 21 days before the third.
        starts_on = today - timedelta(days=7 + 21 + INTO_THIRD)
        campaign = services.create_campaign(
            actor=admin,
            bureau=district,
            title=TITLE,
            description=DESCRIPTION,
            target={},
            starts_on=starts_on,
        )
        campaign = services.launch_campaign(actor=admin, campaign=campaign)
        # Drafted a week before it started and launched the day before, as it happened.
        Campaign.objects.filter(pk=campaign.pk).update(
            created_at=_at(starts_on - timedelta(days=7), 10),
            launched_at=_at(starts_on - timedelta(days=1), 9),
        )
        stages = list(CampaignStage.objects.filter(campaign=campaign).order_by("position"))
        schools = list(demo.schools)
        officers = {
            u.username: u
            for u in User.objects.filter(username__in=[f"{s.code}.officer" for s in schools])
        }
        first, second, third = stages[0], stages[1], stages[2]
        for index, school in enumerate(schools):
            officer = officers[f"{school.code}.officer"]
            # Stage 1: all but the last school; the third one late, the fifth returned.
            if index < len(schools) - 1:
                late = index == 2
                day = first.due_on + timedelta(days=2) if late else first.due_on - timedelta(days=1)
                sub = _hand_in(first, school, officer, day=day, rng=rng, position=1)
                if index == 4:
                    services.return_submission(
                        actor=admin,
                        submission=sub,
                        reason="未附领导小组名单和实施方案，请补充后重新报送。",
                    )
                else:
                    services.accept_submission(actor=admin, submission=sub)
            # Stage 2: six schools, two late; half accepted, the rest waiting for review.
            if index < 6:
                late = index in (1, 5)
                day = (
                    second.due_on + timedelta(days=3) if late else second.due_on - timedelta(days=2)
                )
                sub = _hand_in(second, school, officer, day=day, rng=rng, position=2)
                if index % 2 == 0:
                    services.accept_submission(actor=admin, submission=sub)
            # Stage 3 (now): three schools have reported progress so far.
            if index < 3:
                day = third.starts_on + timedelta(days=index + 2)
                _hand_in(third, school, officer, day=day, rng=rng, position=3)
        for school, (place, category, description) in zip(schools[:3], HAZARDS, strict=True):
            services.report_campaign_hazard(
                actor=officers[f"{school.code}.officer"],
                campaign=campaign,
                school=school,
                place=place,
                category=category,
                description=description,
            )
