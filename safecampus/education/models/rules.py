"""The education programme as data (rules-next.md §3, rules.md §6): the 1530 minutes, the lesson
cadence, the staff quotas, the topic catalogue and the safety calendar. Every figure is a row a
bureau may override, shown with its source on the pages that apply it."""

import calendar
from datetime import date, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EducationRules(models.Model):
    """The programme in force at an org: its own row, else the nearest up the tree, else the
    default row (no org)."""

    org = models.OneToOneField(
        "core.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="education_rules",
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=300, blank=True)
    minutes_daily = models.PositiveSmallIntegerField(
        _("1530 minutes on a school day"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    minutes_weekend = models.PositiveSmallIntegerField(
        _("1530 minutes before a weekend"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    minutes_holiday = models.PositiveSmallIntegerField(
        _("1530 minutes before a holiday"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    lesson_interval_days = models.PositiveSmallIntegerField(
        _("a safety lesson at least every this many days"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    head_teacher_trainings = models.PositiveSmallIntegerField(
        _("trainings each head teacher attends a term, at least"),
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    principal_reports = models.PositiveSmallIntegerField(
        _("safety reports the principal gives a term, at least"),
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    notice_reminder_days = models.PositiveSmallIntegerField(
        _("guardians reminded by SMS after this many days unacknowledged"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    class Meta:
        verbose_name = _("education programme")
        verbose_name_plural = _("education programmes")

    def __str__(self):
        return self.name


class Topic(models.Model):
    """One subject of the catalogue (drowning, traffic, fire, ...). `months` is its season
    ("5,6,7,8,9"; blank: all year), for the topic a 1530 entry suggests."""

    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("topic"), max_length=60)
    months = models.CharField(_("season (months)"), max_length=40, blank=True)
    for_holidays = models.BooleanField(_("suggested before holidays"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("safety topic")
        verbose_name_plural = _("safety topics")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="education_topic_unique_code")
        ]

    def __str__(self):
        return self.name

    def in_season(self, month):
        if not self.months:
            return True
        return str(month) in self.months.split(",")


class ThemeRule(models.TextChoices):
    DATE = "date", _("On a date")
    LAST_WEEKDAY = "last_weekday", _("The last given weekday of a month")
    LAST_WEEK = "last_week", _("The last full week of a month")
    SPAN = "span", _("From a date to a date")


class ThemeDay(models.Model):
    """A theme day or week of the safety calendar, as a date rule (安全教育日: the last Monday
    of March)."""

    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=60)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.PROTECT
    )
    rule = models.CharField(_("rule"), max_length=16, choices=ThemeRule.choices)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday (0 = Monday)"), default=0, validators=[MaxValueValidator(6)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("to month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    end_day = models.PositiveSmallIntegerField(
        _("to day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("theme day")
        verbose_name_plural = _("theme days")
        ordering = ["month", "day", "pk"]

    def __str__(self):
        return self.name

    def dates(self, year):
        """(first, last) day of the theme in `year`."""
        last_of_month = date(year, self.month, calendar.monthrange(year, self.month)[1])
        if self.rule == ThemeRule.LAST_WEEKDAY:
            back = (last_of_month.weekday() - self.weekday) % 7
            day = last_of_month - timedelta(days=back)
            return day, day
        if self.rule == ThemeRule.LAST_WEEK:
            friday = last_of_month - timedelta(days=(last_of_month.weekday() - 4) % 7)
            return friday - timedelta(days=4), friday
        first = date(year, self.month, min(self.day, last_of_month.day))
        if self.rule == ThemeRule.SPAN and self.end_month:
            end_last = calendar.monthrange(year, self.end_month)[1]
            return first, date(year, self.end_month, min(self.end_day or end_last, end_last))
        return first, first
