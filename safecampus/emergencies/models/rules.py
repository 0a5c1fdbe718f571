"""A bureau's emergency rules for its schools."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DrillPeriod(models.TextChoices):
    TERM = "term", _("Once a term")
    QUARTER = "quarter", _("Once a quarter (within terms)")
    MONTH = "month", _("Once a month (within terms)")


class EmergencyRuleSet(models.Model):
    """A bureau's rules for its schools: how often drills are due, how soon an incident report
    must be read before it escalates."""

    org = models.OneToOneField("core.Org", on_delete=models.CASCADE, related_name="+")
    school_period = models.CharField(
        _("drills at schools"), max_length=8, choices=DrillPeriod.choices, default=DrillPeriod.TERM
    )
    kindergarten_period = models.CharField(
        _("drills at kindergartens"),
        max_length=8,
        choices=DrillPeriod.choices,
        default=DrillPeriod.TERM,
    )
    report_read_minutes = models.PositiveIntegerField(
        _("minutes before an unread incident report escalates"), default=30
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("emergency rules")
        verbose_name_plural = _("emergency rules")

    def __str__(self):
        return str(self.org)


class BroadcastRule(models.Model):
    """What every open screen of a school is told when an alarm of a kind is raised there: the
    instructions, kept per bureau as data (a school's own, else the nearest bureau's, else the
    default row, org empty)."""

    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16)
    message = models.TextField(_("instructions"), max_length=500)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("broadcast instructions")
        verbose_name_plural = _("broadcast instructions")
        constraints = [
            models.UniqueConstraint(fields=["org", "kind"], name="broadcast_rule_once"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(org__isnull=True), name="broadcast_default_once"
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.message[:40]}"
