"""Duty (值守): the school's time bands, who guards each gate in each band of each day, and the
leader on night duty (领导带班) at a boarding school. A band of a gate with no one is a gap: it is
computed, never stored."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DutyBand(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="duty_bands")
    name = models.CharField(_("name"), max_length=40)
    starts = models.TimeField(_("starts"))
    # Before `starts`: the band runs past midnight (a night band).
    ends = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("duty time band")
        verbose_name_plural = _("duty time bands")
        ordering = ["starts", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="defences_band_name")
        ]

    def __str__(self):
        return f"{self.name} {self.starts:%H:%M}–{self.ends:%H:%M}"


class DutySlot(models.Model):
    """The guards at one gate in one band of one day, or the gate closed then; no row is a gap."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="duty_slots")
    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="duty_slots", verbose_name=_("gate")
    )
    band = models.ForeignKey(DutyBand, on_delete=models.CASCADE, related_name="slots")
    day = models.DateField(_("day"))
    guards = models.ManyToManyField("core.User", related_name="duty_slots")
    # The gate is locked in this band (a side gate at night): no guard needed, not a gap.
    closed = models.BooleanField(_("gate closed"), default=False)

    class Meta:
        verbose_name = _("duty slot")
        verbose_name_plural = _("duty slots")
        ordering = ["day", "band__starts", "zone__path_name"]
        indexes = [models.Index(fields=["school", "day"])]
        constraints = [
            models.UniqueConstraint(fields=["zone", "band", "day"], name="defences_one_slot")
        ]

    def __str__(self):
        return f"{self.zone} {self.day} {self.band}"


class LeaderDuty(models.Model):
    """The school leader on night duty (领导带班) at a boarding school, one a night."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="leader_duties")
    day = models.DateField(_("night of"))
    leader = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("leader")
    )

    class Meta:
        verbose_name = _("leader on night duty")
        verbose_name_plural = _("leaders on night duty")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["school", "day"], name="defences_one_leader_a_night")
        ]

    def __str__(self):
        return f"{self.day} {self.leader}"
