"""Risk grading and control (风险分级管控): rule sets, risk points and their assessments."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.risks.levels import ControlLevel, Level, Method


class AccidentType(models.TextChoices):
    FALLING_OBJECT = "falling_object", _("Falling objects")
    VEHICLE = "vehicle", _("Vehicle injury")
    MECHANICAL = "mechanical", _("Mechanical injury")
    ELECTRIC_SHOCK = "electric_shock", _("Electric shock")
    DROWNING = "drowning", _("Drowning")
    SCALDING = "scalding", _("Scalding")
    FIRE = "fire", pgettext_lazy("accident", "Fire")
    FALL_FROM_HEIGHT = "fall_from_height", _("Fall from height")
    COLLAPSE = "collapse", _("Collapse")
    POISONING = "poisoning", _("Poisoning and suffocation")
    CROWD_CRUSH = "crowd_crush", _("Crowd crush / stampede")
    FOOD_POISONING = "food_poisoning", _("Food poisoning")
    VIOLENCE = "violence", _("Violence and intrusion")
    BULLYING = "bullying", _("Bullying")
    SPORTS_INJURY = "sports_injury", _("Sports injury")
    OTHER = "other", _("Other")


class RiskRuleSet(models.Model):
    """Thresholds and colours of the levels for both methods, chosen by a bureau.

    `lec_bands` and `matrix_bands` are lists of [lower bound, level], highest first; a level
    missing from both makes a three-level scheme. The nearest org above a school wins; the
    built-in default (rules.py) applies where no bureau has chosen.
    """

    org = models.OneToOneField(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="risk_rules"
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200, blank=True)
    lec_bands = models.JSONField(_("LEC bands"))
    matrix_bands = models.JSONField(_("matrix bands"))
    colours = models.JSONField(_("colours"))
    review_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)

    class Meta:
        verbose_name = _("risk rules")
        verbose_name_plural = _("risk rules")

    def __str__(self):
        return self.name

    def levels(self):
        used = {level for _lower, level in [*self.lec_bands, *self.matrix_bands]}
        return [level for level in reversed(Level.values) if level in used]


class RiskPoint(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="risk_points")
    zone = models.ForeignKey(
        "core.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="risk_points"
    )
    posts = models.ManyToManyField(
        "core.Post", verbose_name=_("posts"), blank=True, related_name="risk_points"
    )
    name = models.CharField(_("activity or facility"), max_length=120)
    hazard_factors = models.TextField(_("hazard factors"))
    accident_types = models.JSONField(_("possible accidents"), default=list)
    existing_controls = models.TextField(_("controls"))
    emergency_actions = models.TextField(_("emergency actions"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="risk_points",
    )
    # Set by the latest assessment; empty until the point is assessed.
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    control_level = models.CharField(
        _("control level"), max_length=16, choices=ControlLevel.choices, blank=True
    )
    control_override_reason = models.CharField(
        _("reason for another control level"), max_length=200, blank=True
    )
    review_due = models.DateField(_("review due"), null=True, blank=True)
    needs_reassessment = models.BooleanField(_("needs re-assessment"), default=False)
    reassessment_reason = models.CharField(max_length=300, blank=True)
    catalogue_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk point")
        verbose_name_plural = _("risk points")
        ordering = ["zone__name", "name"]
        indexes = [
            models.Index(fields=["school", "level"]),
            models.Index(fields=["school", "zone"]),
            models.Index(fields=["school", "review_due"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("risks:detail", args=[self.school_id, self.pk])


class RiskAssessment(models.Model):
    """One assessment, kept with its inputs, method and the rule set it was graded by."""

    risk_point = models.ForeignKey(RiskPoint, on_delete=models.CASCADE, related_name="assessments")
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    likelihood = models.DecimalField("L", max_digits=5, decimal_places=2)
    exposure = models.DecimalField("E", max_digits=5, decimal_places=2, null=True, blank=True)
    consequence = models.DecimalField("C", max_digits=6, decimal_places=2, null=True, blank=True)
    severity = models.DecimalField("S", max_digits=5, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(_("score"), max_digits=10, decimal_places=2)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    rule_set_name = models.CharField(max_length=80)
    bands = models.JSONField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField()
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_at", "-id"]

    def __str__(self):
        return f"{self.risk_point_id} {self.level}"


class CampusPlan(models.Model):
    """The school's campus plan image, on which zones are drawn as polygons."""

    school = models.OneToOneField("core.Org", on_delete=models.PROTECT, related_name="campus_plan")
    image = models.ForeignKey("core.Attachment", on_delete=models.PROTECT, related_name="+")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campus plan")
        verbose_name_plural = _("campus plans")

    def __str__(self):
        return str(self.school)


class ZoneShape(models.Model):
    """A zone's outline on the campus plan: [[x, y], ...] in the plan image's pixels."""

    zone = models.OneToOneField("core.Zone", on_delete=models.CASCADE, related_name="shape")
    points = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("zone outline")
        verbose_name_plural = _("zone outlines")

    def __str__(self):
        return str(self.zone)
