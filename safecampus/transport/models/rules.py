"""The school-bus rules as data: a bureau may hold its own figures; the nearest row up the tree
applies, else the default row (no org)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class BusRules(models.Model):
    """The figures a bus, its driver and its kit are checked against (rules-next.md §5,
    rules.md §4). The default row comes from 校车安全管理条例: technical inspection every 6
    months (§20), drivers 25 to 60 years old with at least 3 years' driving (§23), re-examined
    yearly (§26), an escape hammer, a dry-powder extinguisher and a first-aid kit on board
    (§21); the yearly background re-check of staff close to minors is 未保法 §62."""

    org = models.OneToOneField(
        "core.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bus_rules",
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200, blank=True)
    inspection_months = models.PositiveSmallIntegerField(
        _("technical inspection every (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    driver_min_age = models.PositiveSmallIntegerField(
        _("driver's youngest age"), validators=[MinValueValidator(18), MaxValueValidator(70)]
    )
    driver_max_age = models.PositiveSmallIntegerField(
        _("driver's oldest age"), validators=[MinValueValidator(18), MaxValueValidator(75)]
    )
    driving_years = models.PositiveSmallIntegerField(
        _("years of driving, at least"), validators=[MaxValueValidator(30)]
    )
    reexam_months = models.PositiveSmallIntegerField(
        _("driver re-examined every (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    background_months = models.PositiveSmallIntegerField(
        _("background check renewed every (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    equipment = models.JSONField(_("required equipment on board"), default=list)

    class Meta:
        verbose_name = _("school bus rules")
        verbose_name_plural = _("school bus rules")

    def __str__(self):
        return self.name
