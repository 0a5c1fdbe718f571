"""The weights of a bureau's ranking of its schools (the cockpit's composite score).

A row with no org is a default shipped by migration; a bureau's own rows replace the defaults
for it and every node under it, as the nearest bureau above that has rows of its own does.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CockpitWeight(models.Model):
    org = models.ForeignKey(
        "core.Org",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    metric = models.CharField(_("metric"), max_length=64)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MaxValueValidator(100)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cockpit weight")
        verbose_name_plural = _("cockpit weights")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "metric"],
                condition=models.Q(org__isnull=False),
                name="cockpit_weight_one_per_org",
            ),
            models.UniqueConstraint(
                fields=["metric"],
                condition=models.Q(org__isnull=True),
                name="cockpit_weight_one_default",
            ),
        ]

    def __str__(self):
        return f"{self.metric} × {self.weight}"


class CockpitFigures(models.Model):
    """The cockpit's figures as of `taken_at`, written by a periodic task
    (`cockpit.take_snapshot`) so that a bureau's cockpit and a school's profile read a few rows
    instead of one query per metric over all its schools. One row per org and part: for a
    bureau node its tiles, trends, breakdowns, medians, and one row per metric of its schools'
    figures this month (the ranking reads only the weighted ones); for a school its own figures.
    `day` is the day whose week, month and year the figures are of: another day's rows are not
    read."""

    org = models.ForeignKey("core.Org", on_delete=models.CASCADE, related_name="+")
    part = models.CharField(max_length=16)
    key = models.CharField(max_length=64, blank=True, default="")
    data = models.JSONField()
    day = models.DateField()
    taken_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cockpit figures")
        verbose_name_plural = _("cockpit figures")
        constraints = [
            models.UniqueConstraint(fields=["org", "part", "key"], name="cockpit_figures_one"),
        ]

    def __str__(self):
        return f"{self.org_id} {self.part} {self.key}"
