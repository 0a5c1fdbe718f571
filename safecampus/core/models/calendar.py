"""The school calendar: terms and holidays, set by a bureau and adjustable per school."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A semester. A school's own terms replace its bureau's for the dates they cover."""

    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="terms")
    name = models.CharField(_("name"), max_length=60)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="term_end_after_start"
            )
        ]

    def __str__(self):
        return self.name


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday (no school)")
    SCHOOL_DAY = "school_day", _("School day (make-up day)")


class CalendarException(models.Model):
    """A range of days off, or a weekend day made a school day (调休). The nearest org wins."""

    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="calendar_days")
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="calendar_end_after_start"
            )
        ]

    def __str__(self):
        return self.name
