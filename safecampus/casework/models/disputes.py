"""Disputes (矛盾纠纷): parties, a type and a level from data, mediation records, an outcome,
a deadline set by the level with escalation when it passes, and the regular screening (排查) on a
frequency rule (seed 001: 分类分级 in a ledger; "每周一小查，每月一大查")."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.casework.masking import PartiesMixin


class DisputeType(models.Model):
    """Who the dispute is between (data, with its source)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("type of dispute")
        verbose_name_plural = _("types of dispute")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class DisputeLevel(models.Model):
    """How serious a dispute is, and what follows: the days to settle it, the minutes within
    which the school's leaders are told, whether a leader takes it on (包案) and whether the
    bureau is told when it is overdue. No national thresholds exist (rules-next.md §4): data."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    settle_days = models.PositiveSmallIntegerField(
        _("days to settle"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    report_minutes = models.PositiveIntegerField(
        _("leaders told within (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10080)],
    )
    leader_takes_on = models.BooleanField(_("a school leader takes it on (包案)"), default=False)
    bureau_on_overdue = models.BooleanField(_("the bureau is told when overdue"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("level of dispute")
        verbose_name_plural = _("levels of dispute")
        ordering = ["rank", "pk"]

    def __str__(self):
        return self.name


class DisputeStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("casework", "Open")
    MEDIATING = "mediating", _("Mediating")
    SETTLED = "settled", _("Settled")
    UNSETTLED = "unsettled", _("Not settled, passed on")


class Dispute(PartiesMixin, models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    type = models.ForeignKey(
        DisputeType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        DisputeLevel,
        verbose_name=pgettext_lazy("casework", "level"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    parties = models.TextField(_("parties"), help_text=_("One party a line: name, role."))
    summary = models.TextField(_("what it is about"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    found_on = models.DateField(_("found on"))
    deadline = models.DateField(_("settle by"))
    escalated_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-found_on", "-pk"]
        indexes = [
            models.Index(fields=["school", "status", "deadline"]),
            models.Index(fields=["status", "deadline", "escalated_at"]),
            models.Index(fields=["status", "closed_on"]),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("casework:dispute", args=[self.pk])

    @property
    def reference(self):
        return f"{_('Dispute')} #{self.pk}"


class Mediation(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="mediations")
    held_on = models.DateField(_("held on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("what was said and agreed"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.dispute.reference} · {self.held_on}"


class ScreeningScope(models.TextChoices):
    SMALL = "small", _("Weekly check (小查)")
    BIG = "big", _("Monthly check (大查)")


class Screening(models.Model):
    """One round of the school's regular screening for disputes (排查), and what it found."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("round"), max_length=8, choices=ScreeningScope.choices)
    done_on = models.DateField(_("done on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    found = models.PositiveSmallIntegerField(
        _("disputes found"), validators=[MaxValueValidator(1000)]
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-done_on", "-pk"]
        indexes = [models.Index(fields=["school", "scope", "-done_on"])]

    def __str__(self):
        return f"{self.get_scope_display()} {self.done_on}"
