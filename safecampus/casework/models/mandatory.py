"""Mandatory reports (强制报告): a staff member who finds that a minor is, or may be, harmed or in
danger reports to the police at once (未保法 §11; 高检发〔2020〕9号). The log keeps the trigger
(a list kept as data, each with its source and the time allowed), when the school learned of
it and when it reported, to whom, and the police's receipt; late reports are derived."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.casework.masking import mask_name


class MandatoryTrigger(models.Model):
    """A situation that must be reported, and within how many minutes of learning of it. The law
    says "立即" (at once) and sets no figure: the minutes are data, a bureau may set its own."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    report_minutes = models.PositiveIntegerField(
        _("reported within (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(10080)]
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mandatory report trigger")
        verbose_name_plural = _("mandatory report triggers")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class MandatoryStatus(models.TextChoices):
    TO_REPORT = "to_report", _("To report")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")


class MandatoryReport(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    trigger = models.ForeignKey(
        MandatoryTrigger, verbose_name=_("trigger"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("the minor"), max_length=80, help_text=_("Name and class."))
    summary = models.TextField(_("what was found"))
    learned_at = models.DateTimeField(_("the school learned of it at"))
    report_by = models.DateTimeField(_("report by"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MandatoryStatus.choices,
        default=MandatoryStatus.TO_REPORT,
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_to = models.CharField(_("reported to"), max_length=200, blank=True)
    receipt = models.CharField(_("receipt or case number"), max_length=100, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mandatory report")
        verbose_name_plural = _("mandatory reports")
        ordering = ["-learned_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status", "-learned_at"]),
            models.Index(fields=["status", "closed_on"]),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("casework:mandatory", args=[self.pk])

    @property
    def reference(self):
        return f"{_('Mandatory report')} #{self.pk}"

    @property
    def masked_subject(self):
        name, sep, rest = self.subject.replace("，", ",").partition(",")
        return mask_name(name) + (f", {rest.strip()}" if sep else "")

    @property
    def on_time(self):
        """Reported within the trigger's time: None while not reported."""
        if self.reported_at is None:
            return None
        return self.reported_at <= self.report_by
