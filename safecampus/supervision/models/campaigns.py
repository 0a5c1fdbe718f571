"""Campaigns (专项整治行动): a theme, target schools, five stages with dates and hand-ins."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StagePreset(models.Model):
    """A stage a new campaign starts with (seed 000's five stages by default), as data.

    Rows with no org are the defaults; a bureau with rows of its own starts its campaigns from
    those. `figures` lists the named figures a school must hand in: [{"key": ..., "label": ...}].
    """

    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=80)
    days = models.PositiveSmallIntegerField(_("length in days"))
    instructions = models.TextField(_("what schools hand in"), blank=True)
    needs_checklist = models.BooleanField(_("a self-inspection checklist"), default=False)
    needs_report = models.BooleanField(_("a written report"), default=True)
    needs_photos = models.BooleanField(_("photos"), default=False)
    figures = models.JSONField(_("figures"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["org_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["org", "position"], name="stagepreset_unique_pos")
        ]

    def __str__(self):
        return self.name


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("campaign", "Draft")
    RUNNING = "running", pgettext_lazy("campaign", "Running")
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")


class Campaign(models.Model):
    bureau = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Which schools: core.targets' filter, kept as the bureau chose it.
    target = models.JSONField(_("target schools"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["bureau", "status", "-created_at"], name="campaign_list")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:campaign", args=[self.pk])


class CampaignSchool(models.Model):
    """A school the campaign reached: fixed when it is launched."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="campaigns")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "school"], name="campaignschool_unique")
        ]
        indexes = [models.Index(fields=["school", "campaign"], name="campaignschool_school")]

    def __str__(self):
        return f"{self.campaign} · {self.school}"


class CampaignStage(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=80)
    starts_on = models.DateField(_("starts"))
    due_on = models.DateField(_("due"))
    instructions = models.TextField(_("what schools hand in"), blank=True)
    version = models.ForeignKey(
        "inspections.TemplateVersion",
        verbose_name=_("self-inspection checklist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    needs_report = models.BooleanField(_("a written report"), default=True)
    needs_photos = models.BooleanField(_("photos"), default=False)
    figures = models.JSONField(_("figures"), default=list, blank=True)

    class Meta:
        ordering = ["campaign_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="campaignstage_unique")
        ]

    def __str__(self):
        return self.name


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("submission", "Submitted")
    RETURNED = "returned", pgettext_lazy("submission", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("submission", "Accepted")


class StageSubmission(models.Model):
    """What one school handed in for one stage. Late is derived: submitted after the due day."""

    stage = models.ForeignKey(CampaignStage, on_delete=models.CASCADE, related_name="submissions")
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    text = models.TextField(_("report"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    attachments = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    # The self-inspection the school ran with the stage's checklist, if it asks for one.
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "school"], name="stagesubmission_unique")
        ]
        indexes = [models.Index(fields=["school", "stage"], name="stagesubmission_school")]

    def __str__(self):
        return f"{self.stage} · {self.school}"


class CampaignHazard(models.Model):
    """A hazard filed from a campaign's page: the campaign's count of hazards found and fixed is
    one join on this table, and the hazard's ledger stays unaware of campaigns."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="hazards")
    hazard = models.OneToOneField(
        "hazards.Hazard", on_delete=models.CASCADE, related_name="campaign_link"
    )

    class Meta:
        indexes = [models.Index(fields=["campaign", "hazard"], name="campaignhazard_campaign")]

    def __str__(self):
        return f"{self.campaign} · {self.hazard_id}"
