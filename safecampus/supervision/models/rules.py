"""How often the bureau must visit, as data: each bureau may set its own figures."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionRules(models.Model):
    """The cadence a bureau holds itself to (rules-next.md §1).

    The row with no org is the default every bureau starts from: two schools a week per
    inspector (seed 003, a city bureau's rule), two visits a semester per school (教育督导条例
    §14), at least three inspectors on a comprehensive visit (条例 §16). A bureau may keep its
    own row; the nearest row up the tree applies.
    """

    org = models.OneToOneField(
        "core.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_rules",
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200, blank=True)
    visits_per_inspector_week = models.PositiveSmallIntegerField(
        _("schools each inspector visits a week, at least"),
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    visits_per_school_semester = models.PositiveSmallIntegerField(
        _("visits each school gets a semester, at least"),
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    comprehensive_min_inspectors = models.PositiveSmallIntegerField(
        _("inspectors on a comprehensive visit, at least"),
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind schools this many days before a task's deadline"),
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )

    class Meta:
        verbose_name = _("supervision rules")
        verbose_name_plural = _("supervision rules")

    def __str__(self):
        return self.name
