"""Assessment rounds (考核): a bureau assesses its schools on one scheme version for a year or
a term. Each school has a sheet (`RoundSchool`) with one entry per indicator: its
self-assessment with a note, evidence files and links, the computed figure where the indicator
has one, and the inspectors' score. A veto fails the sheet whatever its points; after the
results are published the school may appeal within the round's window."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.assessment.models.schemes import POINTS


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round", "Draft")
    SELF_ASSESSMENT = "self", pgettext_lazy("round", "Self-assessment")
    SCORING = "scoring", pgettext_lazy("round", "Scoring")
    PUBLISHED = "published", pgettext_lazy("round", "Published")
    CLOSED = "closed", pgettext_lazy("round", "Closed")


class Round(models.Model):
    bureau = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        "assessment.SchemeVersion",
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    # The period the computed indicators read (a year, or a term's dates).
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    self_due = models.DateField(_("self-assessment due"))
    # A rule of the round, not a constant: the days a school may appeal after publication.
    appeal_days = models.PositiveSmallIntegerField(_("appeal window (days)"))
    target = models.JSONField(_("target schools"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    appeal_until = models.DateField(_("appeals until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        indexes = [models.Index(fields=["bureau", "-ends_on"], name="round_list")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessment:round", args=[self.pk])


class RoundSchool(models.Model):
    """One school's sheet in a round; its totals and grade are kept by the scoring services."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("self-assessment handed in"), null=True, blank=True)
    self_total = models.DecimalField(_("self-assessed points"), null=True, blank=True, **POINTS)
    total = models.DecimalField(_("points"), null=True, blank=True, **POINTS)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "school"], name="roundschool_unique")
        ]
        indexes = [
            models.Index(fields=["round", "-total"], name="roundschool_ranking"),
            models.Index(fields=["school", "round"], name="roundschool_school"),
        ]

    def __str__(self):
        return f"{self.round} · {self.school}"

    def get_absolute_url(self):
        return reverse("assessment:sheet", args=[self.pk])


class Entry(models.Model):
    """One indicator of one sheet. `figure` is the metric's value when the sheet was filled
    (with the period it covers), kept so the page shows what the points were computed from."""

    sheet = models.ForeignKey(RoundSchool, on_delete=models.CASCADE, related_name="entries")
    indicator = models.ForeignKey(
        "assessment.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    self_points = models.DecimalField(_("self-assessed points"), null=True, blank=True, **POINTS)
    note = models.TextField(_("note"), blank=True)
    links = models.JSONField(_("links to records"), default=list, blank=True)
    attachments = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    figure = models.JSONField(_("figure"), null=True, blank=True)
    computed_points = models.DecimalField(_("computed points"), null=True, blank=True, **POINTS)
    points = models.DecimalField(_("points"), null=True, blank=True, **POINTS)
    score_note = models.TextField(_("inspector's note"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "indicator"], name="entry_unique_indicator")
        ]

    def __str__(self):
        return f"{self.sheet} · {self.indicator}"


class Veto(models.Model):
    sheet = models.ForeignKey(RoundSchool, on_delete=models.CASCADE, related_name="vetoes")
    item = models.ForeignKey("assessment.VetoItem", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied at"))

    class Meta:
        ordering = ["applied_at"]

    def __str__(self):
        return f"{self.sheet} · {self.item}"


class AppealStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("appeal", "Open")
    ANSWERED = "answered", pgettext_lazy("appeal", "Answered")


class Appeal(models.Model):
    sheet = models.ForeignKey(RoundSchool, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The sheet's points and grade before and after the answer (a re-score changes them).
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-filed_at"]
        indexes = [models.Index(fields=["sheet", "status"], name="appeal_sheet")]

    def __str__(self):
        return f"{self.sheet} · {self.filed_at:%Y-%m-%d}"
