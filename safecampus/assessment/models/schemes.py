"""Assessment schemes as data (考核方案): a scheme has versions; a version holds areas, each
with indicators (maximum points, a scoring rule), the veto items (一票否决) and the grade bands.

A version used by a round is frozen: an edit of it makes the next version (services.schemes).
A scheme with no org is a starter shipped by migration; a bureau copies it to edit its own.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

POINTS = {"max_digits": 6, "decimal_places": 1}


class Scheme(models.Model):
    org = models.ForeignKey(
        "core.Org",
        verbose_name=_("bureau"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    # Where the areas, points, vetoes and bands come from: shown on every page that applies it.
    source = models.TextField(_("source"), blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        indexes = [models.Index(fields=["org", "name"], name="scheme_org")]

    def __str__(self):
        return self.name


class SchemeVersion(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["scheme_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="schemeversion_unique")
        ]

    def __str__(self):
        return f"{self.scheme} v{self.number}"

    def get_absolute_url(self):
        return reverse("assessment:version", args=[self.pk])


class Area(models.Model):
    version = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="areas")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("area"), max_length=120)

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="area_unique_position")
        ]

    def __str__(self):
        return self.name


class Rule(models.TextChoices):
    MANUAL = "manual", _("Scored by the inspectors")
    METRIC = "metric", _("Computed from a figure")


class Indicator(models.Model):
    """`thresholds`: [[limit, points], ...] for a computed indicator. For a figure where lower
    is better the first row whose limit the figure does not exceed gives the points; where
    higher is better, the first row whose limit it reaches; else 0."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("indicator"), max_length=200)
    guidance = models.TextField(_("what is checked"), blank=True)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    rule = models.CharField(_("scoring"), max_length=8, choices=Rule.choices, default=Rule.MANUAL)
    metric = models.CharField(_("figure"), max_length=64, blank=True)
    thresholds = models.JSONField(_("thresholds"), default=list, blank=True)

    class Meta:
        ordering = ["area_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["area", "position"], name="indicator_unique_position")
        ]

    def __str__(self):
        return self.name


class VetoItem(models.Model):
    """One event that fails a school whatever its points (一票否决)."""

    version = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="vetoes")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("veto item"), max_length=300)
    look_back = models.CharField(_("looked back over"), max_length=60, blank=True)
    # Matched against the records (rules-next §1 veto_list): a school whose figure is at least
    # 1 over the last `years` assessment years, up to the round's end, is shown to the
    # inspectors as a suggested veto. They apply it, with a reason, or not.
    metric = models.CharField(_("matched by the figure"), max_length=64, blank=True)
    years = models.PositiveSmallIntegerField(_("years looked back"), default=1)

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="vetoitem_unique_position")
        ]

    def __str__(self):
        return self.name


class GradeBand(models.Model):
    """A grade from `min_points` up. `veto_cap`: the highest grade a vetoed school may get (the
    lowest band when no band is marked)."""

    version = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField(_("grade"), max_length=40)
    min_points = models.DecimalField(_("from points"), **POINTS)
    veto_cap = models.BooleanField(_("the grade a veto gives at most"), default=False)

    class Meta:
        ordering = ["version_id", "-min_points"]
        constraints = [
            models.UniqueConstraint(fields=["version", "label"], name="gradeband_unique_label")
        ]

    def __str__(self):
        return self.label
