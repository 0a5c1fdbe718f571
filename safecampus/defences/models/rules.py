"""Staffing and person rules as data (rules.md §1, rules-next.md §2).

The national figures are partly unseen and the local ones differ, so no figure is a constant:
each rule set is a row with its source, and a bureau chooses the one its region follows. The
row marked default (GB/T 29315-2022) applies wherever no bureau up the tree chose one.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rounding(models.TextChoices):
    FULL = "full", _("per full step")
    STARTED = "started", _("per started step")


def validate_bands(value):
    """[[below, guards], ...]: bounds rising, guards never falling, all whole numbers ≥ 0."""
    if not isinstance(value, list):
        raise ValidationError(_("Bands are a list of [below, guards] pairs."))
    last_bound, last_guards = 0, 0
    for band in value:
        if (
            not isinstance(band, list)
            or len(band) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in band)
        ):
            raise ValidationError(_("Bands are a list of [below, guards] pairs."))
        bound, guards = band
        if bound <= last_bound or guards < last_guards or guards < 0:
            raise ValidationError(_("Band bounds must rise and guard counts never fall."))
        last_bound, last_guards = bound, guards


class StaffingRuleSet(models.Model):
    """How many guards a school needs, and what each guard or gatekeeper must meet.

    Students counted: day students only (GB/T 29315-2022 counts non-boarding students), or all.
    Below the first band bound whose `below` exceeds the count, that band's guards; from
    `above_from` on, `above_base` plus one guard per `step` students beyond `above_from`
    (full or started steps); boarders add one per `boarders_step`; a kindergarten needs at
    least `kindergarten_min`.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    standard = models.CharField(_("standard or regulation"), max_length=120)
    source = models.CharField(_("source"), max_length=400)
    # What is not confirmed in the source, shown beside the figures.
    unsure = models.CharField(_("not confirmed"), max_length=400, blank=True)
    is_default = models.BooleanField(_("national default"), default=False)
    count_boarders = models.BooleanField(_("boarders count as students"), default=False)
    bands = models.JSONField(_("bands"), default=list, validators=[validate_bands])
    above_from = models.PositiveIntegerField(_("extra guards counted from (students)"))
    above_base = models.PositiveSmallIntegerField(_("guards at that size"))
    step = models.PositiveIntegerField(
        _("students per extra guard"), default=0, validators=[MaxValueValidator(100000)]
    )
    rounding = models.CharField(
        _("rounding"), max_length=8, choices=Rounding.choices, default=Rounding.FULL
    )
    boarders_step = models.PositiveIntegerField(_("boarders per extra guard"), default=0)
    kindergarten_min = models.PositiveSmallIntegerField(
        _("guards at a kindergarten, at least"), default=0
    )
    min_age = models.PositiveSmallIntegerField(
        _("youngest age"), default=18, validators=[MinValueValidator(16), MaxValueValidator(70)]
    )
    max_age = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    kindergarten_max_age = models.PositiveSmallIntegerField(
        _("oldest age of a kindergarten gatekeeper"), null=True, blank=True
    )
    certificate_required = models.BooleanField(_("guards hold a 保安员证"), default=True)
    health_check_months = models.PositiveSmallIntegerField(
        _("health check every (months)"), default=12
    )
    # Hiring checks (入职查询) of every staff member: the re-check interval and how early the
    # school is reminded.
    recheck_months = models.PositiveSmallIntegerField(
        _("hiring check repeated every (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    # Video retention (技防): GB/T 29315-2012 and provinces say ≥30 days; the 2022 text's figure
    # is not confirmed, so it is the rule set's, with its own source.
    video_retention_days = models.PositiveSmallIntegerField(
        _("video kept at least (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    video_retention_source = models.CharField(
        _("source of the retention"), max_length=300, blank=True
    )
    video_retention_unsure = models.CharField(
        _("retention not confirmed"), max_length=300, blank=True
    )
    # Video coverage (one of the "four 100%" figures as computed here): the kinds of place
    # (core.ZoneKind values) that must each be covered by a working video system, after the
    # configuration table of GB/T 29315-2022 (draft, "video 应"), with its source and doubt.
    video_places = models.JSONField(_("places video must cover"), default=list, blank=True)
    video_places_source = models.CharField(
        _("source of the places video must cover"), max_length=300, blank=True
    )
    video_places_unsure = models.CharField(
        _("places video must cover, not confirmed"), max_length=300, blank=True
    )
    recheck_remind_days = models.PositiveSmallIntegerField(
        _("remind this many days before a hiring check lapses"),
        default=30,
        validators=[MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("staffing rule set")
        verbose_name_plural = _("staffing rule sets")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="defences_one_default_rule_set",
            )
        ]

    def __str__(self):
        return self.name


class RegionRuleSet(models.Model):
    """The rule set a bureau chose for everything under it; the nearest choice up the tree
    applies."""

    org = models.OneToOneField(
        "core.Org", on_delete=models.PROTECT, related_name="defence_rule_choice"
    )
    rule_set = models.ForeignKey(StaffingRuleSet, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("region's rule set")
        verbose_name_plural = _("regions' rule sets")

    def __str__(self):
        return f"{self.org} → {self.rule_set}"
