"""Campaigns (专项整治行动): drafted by the bureau, launched to its schools, handed in stage by
stage, reviewed, closed. Every move is looked up in `workflow.CAMPAIGN` or
`workflow.STAGE_SUBMISSION`; the checks of each step (dates, targets, figures) stay here."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from safecampus.core.models import Membership
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload, stored_photos
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.core.targets import clean_target, matching_schools
from safecampus.hazards.models import Source
from safecampus.hazards.services import report_hazard
from safecampus.supervision.models import (
    Campaign,
    CampaignHazard,
    CampaignSchool,
    CampaignStage,
    CampaignStatus,
    StagePreset,
    StageSubmission,
    SubmissionStatus,
)
from safecampus.supervision.workflow import CAMPAIGN, STAGE_SUBMISSION

# A figure is a count or an amount of money: bounded so a slip of the keyboard is refused.
FIGURE_MAX = Decimal("1000000000000")
MAX_FIGURES = 12


def presets_for(bureau):
    """The stages a new campaign of `bureau` starts with: the nearest org's own presets up the
    tree, else the defaults (org None)."""
    chain = list(reversed(bureau.ancestor_ids()))
    rows = list(StagePreset.objects.filter(org_id__in=chain).order_by("position"))
    for org_id in chain:
        own = [row for row in rows if row.org_id == org_id]
        if own:
            return own
    return list(StagePreset.objects.filter(org=None).order_by("position"))


def _require_bureau(actor, org):
    require(actor, Cap.SUPERVISION_MANAGE, org)
    if org.is_school:
        raise DomainError(_("A campaign is run by a bureau, not by a school."))


def _check_target(bureau, target):
    if not matching_schools(bureau, target).exists():
        raise InvalidFields({"target": _("No school matches this target.")})


def _clean_text(title, description):
    title = (title or "").strip()
    if not title:
        raise InvalidFields({"title": _("Give the campaign's theme.")})
    return title[:200], (description or "").strip()


@transaction.atomic
def create_campaign(*, actor, bureau, title, target, starts_on, description=""):
    """A draft with the bureau's stage presets, their dates laid end to end from `starts_on`."""
    _require_bureau(actor, bureau)
    title, description = _clean_text(title, description)
    target = clean_target(target)
    _check_target(bureau, target)
    campaign = Campaign.objects.create(
        bureau=bureau,
        title=title,
        description=description,
        target=target,
        created_by=actor,
        created_at=timezone.now(),
    )
    day = starts_on
    stages = []
    for position, preset in enumerate(presets_for(bureau), start=1):
        due = day + timedelta(days=max(preset.days, 1) - 1)
        stages.append(
            CampaignStage(
                campaign=campaign,
                position=position,
                name=preset.name,
                starts_on=day,
                due_on=due,
                instructions=preset.instructions,
                needs_report=preset.needs_report,
                needs_photos=preset.needs_photos,
                figures=list(preset.figures),
            )
        )
        day = due + timedelta(days=1)
    CampaignStage.objects.bulk_create(stages)
    audit.record(actor=actor, org=bureau, action="campaign.create", obj=campaign)
    return campaign


def _locked(campaign):
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("bureau")
        .get(pk=campaign.pk)
    )


@transaction.atomic
def edit_campaign(*, actor, campaign, title, target, description=""):
    campaign = _locked(campaign)
    require(actor, Cap.SUPERVISION_MANAGE, campaign.bureau)
    CAMPAIGN.check(campaign, "edit")
    title, description = _clean_text(title, description)
    target = clean_target(target)
    _check_target(campaign.bureau, target)
    before = audit.snapshot(campaign, ["title", "description", "target"])
    campaign.title, campaign.description, campaign.target = title, description, target
    campaign.save(update_fields=["title", "description", "target"])
    audit.record(
        actor=actor,
        org=campaign.bureau,
        action="campaign.edit",
        obj=campaign,
        changes=audit.diff(campaign, before, ["title", "description", "target"]),
    )
    return campaign


def clean_figures(figures):
    """The stage's named figures: [{key, label}] with unique keys, at most MAX_FIGURES."""
    cleaned, keys = [], set()
    for figure in figures or []:
        key = str(figure.get("key", "")).strip()[:40]
        label = str(figure.get("label", "")).strip()[:80]
        if not key or not label:
            continue
        if key in keys:
            raise InvalidFields({"figures": _("Each figure needs its own key.")})
        keys.add(key)
        cleaned.append({"key": key, "label": label})
    if len(cleaned) > MAX_FIGURES:
        raise InvalidFields({"figures": _("At most %(n)d figures.") % {"n": MAX_FIGURES}})
    return cleaned


def _check_dates(stage, starts_on, due_on):
    if due_on < starts_on:
        raise InvalidFields({"due_on": _("The due day is before the stage starts.")})
    for other in CampaignStage.objects.filter(campaign_id=stage.campaign_id).exclude(pk=stage.pk):
        if starts_on <= other.due_on and other.starts_on <= due_on:
            raise InvalidFields(
                {"starts_on": _("These dates overlap the stage “%(name)s”.") % {"name": other.name}}
            )


@transaction.atomic
def edit_stage(
    *,
    actor,
    stage,
    name,
    starts_on,
    due_on,
    instructions="",
    needs_report=True,
    needs_photos=False,
    figures=(),
    version=None,
):
    """Change a draft's stage: its name, dates (no overlap with the others), what to hand in."""
    campaign = _locked(stage.campaign)
    require(actor, Cap.SUPERVISION_MANAGE, campaign.bureau)
    CAMPAIGN.check(campaign, "edit")
    stage = CampaignStage.objects.select_for_update().get(pk=stage.pk)
    name = (name or "").strip()[:80]
    if not name:
        raise InvalidFields({"name": _("Give the stage a name.")})
    _check_dates(stage, starts_on, due_on)
    fields = [
        "name",
        "starts_on",
        "due_on",
        "instructions",
        "needs_report",
        "needs_photos",
        "figures",
        "version",
    ]
    before = audit.snapshot(stage, fields)
    stage.name, stage.starts_on, stage.due_on = name, starts_on, due_on
    stage.instructions = (instructions or "").strip()
    stage.needs_report, stage.needs_photos = bool(needs_report), bool(needs_photos)
    stage.figures = clean_figures(figures)
    stage.version = version
    stage.save(update_fields=fields)
    audit.record(
        actor=actor,
        org=campaign.bureau,
        action="campaign.edit",
        obj=campaign,
        changes=audit.diff(stage, before, fields),
    )
    return stage


def _respondents(school_ids):
    """The people answering for these schools (supervision.respond held at the school), in one
    query however many schools the campaign reaches."""
    roles = [role for role, caps in CAPABILITIES.items() if Cap.SUPERVISION_RESPOND in caps]
    memberships = (
        Membership.objects.active()
        .filter(org_id__in=school_ids, role__in=roles, user__is_active=True)
        .select_related("user")
    )
    return list({m.user_id: m.user for m in memberships}.values())


@transaction.atomic
def launch_campaign(*, actor, campaign):
    """Freeze the schools the target reaches now and tell their leaders."""
    campaign = _locked(campaign)
    require(actor, Cap.SUPERVISION_MANAGE, campaign.bureau)
    status = CAMPAIGN.next_state(campaign, "launch")
    school_ids = list(
        matching_schools(campaign.bureau, campaign.target).values_list("pk", flat=True)
    )
    if not school_ids:
        raise DomainError(_("No school matches this target."))
    CampaignSchool.objects.bulk_create(
        [CampaignSchool(campaign=campaign, school_id=pk) for pk in school_ids]
    )
    campaign.status = status
    campaign.launched_at = timezone.now()
    campaign.save(update_fields=["status", "launched_at"])
    audit.record(
        actor=actor,
        org=campaign.bureau,
        action="campaign.launch",
        obj=campaign,
        changes={"schools": len(school_ids)},
    )
    notify(
        _respondents(school_ids),
        kind="supervision.campaign",
        title=gettext_lazy("New campaign: %(title)s"),
        body=gettext_lazy("%(bureau)s launched a campaign; see its stages and what to hand in."),
        params={"title": campaign.title, "bureau": campaign.bureau.name},
        url=campaign.get_absolute_url(),
        org=campaign.bureau,
    )
    return campaign


@transaction.atomic
def close_campaign(*, actor, campaign):
    campaign = _locked(campaign)
    require(actor, Cap.SUPERVISION_MANAGE, campaign.bureau)
    campaign.status = CAMPAIGN.next_state(campaign, "close")
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, org=campaign.bureau, action="campaign.close", obj=campaign)
    return campaign


def is_late(submission, stage=None):
    """Handed in after the stage's due day (in the school's time zone)."""
    stage = stage or submission.stage
    return timezone.localdate(submission.submitted_at) > stage.due_on


def _figure_values(stage, figures):
    """Every figure the stage names, as a number; a missing or bad one refuses them all."""
    values, problems = {}, {}
    for figure in stage.figures:
        raw = (figures or {}).get(figure["key"])
        raw = "" if raw is None else str(raw).strip()
        field = f"figure_{figure['key']}"
        if raw == "":
            problems[field] = _("“%(label)s” is required.") % {"label": figure["label"]}
            continue
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0 or number > FIGURE_MAX:
            problems[field] = _("“%(label)s” must be a number of zero or more.") % {
                "label": figure["label"]
            }
            continue
        number = number.quantize(Decimal("0.01"))
        values[figure["key"]] = int(number) if number == number.to_integral() else float(number)
    if problems:
        raise InvalidFields(problems)
    return values


def _files(actor, school, uploads):
    """Photos are re-encoded without metadata; PDFs are kept as they are."""
    stored = []
    for upload in uploads:
        if hasattr(upload, "content_type") and hasattr(upload, "read"):
            stored.append(store_upload(actor=actor, org=school, upload=upload))
        else:
            stored.extend(stored_photos(actor=actor, org=school, uploads=[upload]))
    return stored


@transaction.atomic
def submit_stage(*, actor, stage, school, text="", figures=None, uploads=(), inspection=None):
    """A school hands in a stage (or again, after a return). Late is taken and shown as late."""
    require(actor, Cap.SUPERVISION_RESPOND, school)
    campaign = stage.campaign
    if campaign.status != CampaignStatus.RUNNING:
        raise DomainError(_("Hand-ins are taken only while the campaign runs."))
    if not CampaignSchool.objects.filter(campaign=campaign, school=school).exists():
        raise PermissionRefused(_("This campaign does not reach your school."))
    if timezone.localdate() < stage.starts_on:
        raise DomainError(_("This stage has not started yet."))
    existing = (
        StageSubmission.objects.select_for_update().filter(stage=stage, school=school).first()
    )
    if existing is not None:
        status = STAGE_SUBMISSION.next_state(existing, "resubmit")
    else:
        status = SubmissionStatus.SUBMITTED
    problems = {}
    text = (text or "").strip()
    if stage.needs_report and not text:
        problems["text"] = _("Write the report.")
    try:
        values = _figure_values(stage, figures)
    except InvalidFields as error:
        problems.update(error.fields)
        values = {}
    if stage.version_id is not None:
        if inspection is None:
            problems["inspection"] = _(
                "Link the self-inspection done with the checklist “%(name)s”."
            ) % {"name": stage.version}
        elif inspection.version_id != stage.version_id or inspection.school_id != school.pk:
            problems["inspection"] = _(
                "The self-inspection must use the stage's checklist at this school."
            )
    uploads = list(uploads)
    kept = existing.attachments.count() if existing is not None else 0
    if stage.needs_photos and not uploads and not kept:
        problems["photos"] = _("Add at least one photo.")
    if problems:
        raise InvalidFields(problems)
    files = _files(actor, school, uploads)
    now = timezone.now()
    if existing is None:
        submission = StageSubmission.objects.create(
            stage=stage,
            school=school,
            status=status,
            text=text,
            figures=values,
            inspection=inspection,
            submitted_by=actor,
            submitted_at=now,
        )
    else:
        submission = existing
        submission.status = status
        submission.text, submission.figures, submission.inspection = text, values, inspection
        submission.submitted_by, submission.submitted_at = actor, now
        submission.save(
            update_fields=[
                "status",
                "text",
                "figures",
                "inspection",
                "submitted_by",
                "submitted_at",
            ]
        )
    if files:
        submission.attachments.add(*files)
    audit.record(
        actor=actor,
        org=school,
        action="campaign.submit",
        obj=submission,
        changes={"stage": stage.name, "late": is_late(submission, stage)},
    )
    return submission


def _locked_submission(submission):
    return (
        StageSubmission.objects.select_for_update(of=("self",))
        .select_related("stage__campaign__bureau", "school")
        .get(pk=submission.pk)
    )


def _tell_school(submission, title, body, params):
    notify(
        _respondents([submission.school_id]),
        kind="supervision.campaign",
        title=title,
        body=body,
        params={"stage": submission.stage.name, "title": submission.stage.campaign.title, **params},
        url=reverse(
            "supervision:campaign_stage",
            args=[submission.stage.campaign_id, submission.school_id, submission.stage_id],
        ),
        org=submission.school,
    )


@transaction.atomic
def accept_submission(*, actor, submission):
    submission = _locked_submission(submission)
    require(actor, Cap.SUPERVISION_MANAGE, submission.stage.campaign.bureau)
    submission.status = STAGE_SUBMISSION.next_state(submission, "accept")
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit.record(actor=actor, org=submission.school, action="campaign.accept", obj=submission)
    _tell_school(
        submission,
        gettext_lazy("Hand-in accepted: %(stage)s"),
        gettext_lazy("The bureau accepted your hand-in for “%(stage)s” of %(title)s."),
        {},
    )
    return submission


@transaction.atomic
def return_submission(*, actor, submission, reason):
    submission = _locked_submission(submission)
    require(actor, Cap.SUPERVISION_MANAGE, submission.stage.campaign.bureau)
    status = STAGE_SUBMISSION.next_state(submission, "return")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidFields({"reason": _("Say why the hand-in is returned.")})
    submission.status = status
    submission.return_reason = reason[:300]
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.save(update_fields=["status", "return_reason", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=actor,
        org=submission.school,
        action="campaign.return",
        obj=submission,
        changes={"reason": submission.return_reason},
    )
    _tell_school(
        submission,
        gettext_lazy("Hand-in returned: %(stage)s"),
        gettext_lazy("The bureau returned your hand-in for “%(stage)s” of %(title)s: %(reason)s"),
        {"reason": submission.return_reason},
    )
    return submission


@transaction.atomic
def report_campaign_hazard(*, actor, campaign, school, place, category, description, **more):
    """A hazard found in the campaign, in the school's own ledger, with the campaign as its
    source; the link row makes the campaign's counts one join."""
    if campaign.status != CampaignStatus.RUNNING:
        raise DomainError(_("Hazards are filed from a campaign while it runs."))
    if not CampaignSchool.objects.filter(campaign=campaign, school=school).exists():
        raise DomainError(_("This campaign does not reach that school."))
    if not (
        has_cap(actor, Cap.SUPERVISION_RESPOND, school)
        or has_cap(actor, Cap.SUPERVISION_MANAGE, campaign.bureau)
    ):
        raise PermissionRefused(_("You do not have permission to do this here."))
    hazard = report_hazard(
        actor=actor,
        school=school,
        place=place,
        category=category,
        description=description,
        source=Source.CAMPAIGN,
        origin_label=campaign.title,
        origin_url=campaign.get_absolute_url(),
        **more,
    )
    CampaignHazard.objects.get_or_create(hazard=hazard, defaults={"campaign": campaign})
    return hazard
