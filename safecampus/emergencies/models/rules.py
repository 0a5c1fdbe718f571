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
