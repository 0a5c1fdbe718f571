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
