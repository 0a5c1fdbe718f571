"""Supervision visits (督导检查): a bureau's inspectors at one school, item by item."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VisitKind(models.TextChoices):
    ROUTINE = "routine", _("Routine (经常性督导)")
    SPECIAL = "special", _("Special (专项督导)")
    COMPREHENSIVE = "comprehensive", _("Comprehensive (综合督导)")
    # 四不两直: no notice, no warning, no briefing, no escort; straight to the site.
    UNANNOUNCED = "unannounced", _("Unannounced (四不两直)")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("visit", "Planned")
    UNDER_WAY = "under_way", pgettext_lazy("visit", "Under way")
    # The inspectors finished: the opinion and the rectification notice are issued.
    ISSUED = "issued", pgettext_lazy("visit", "Notice issued")
    # The school answered (an objection or its rectification report).
    RESPONDED = "responded", pgettext_lazy("visit", "School responded")
    CLOSED = "closed", pgettext_lazy("visit", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("visit", "Cancelled")


class ResponseKind(models.TextChoices):
    RECTIFICATION = "rectification", _("Rectification report (整改报告)")
    OBJECTION = "objection", _("Objection (申辩)")


class SupervisionVisit(models.Model):
    """One school visited by a bureau's inspectors on one day.

    Visits planned together for several schools share a `plan_id`; each school has its own row,
    its own findings, notice, response and re-check. An unannounced visit stays out of the
    school's sight until it is under way.
    """

    bureau = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "core.Org", on_delete=models.PROTECT, related_name="supervision_visits"
    )
    plan_id = models.UUIDField(db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=VisitKind.choices)
    title = models.CharField(_("title"), max_length=200)
    planned_on = models.DateField(_("date"))
    version = models.ForeignKey(
        "inspections.TemplateVersion",
        verbose_name=_("checklist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("notice issued at"), null=True, blank=True)
    opinion = models.TextField(_("supervision opinion"), blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    response_kind = models.CharField(
        _("response"), max_length=16, choices=ResponseKind.choices, blank=True
    )
    response_text = models.TextField(_("the school's response"), blank=True)
    response_attachments = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    recheck_note = models.TextField(_("re-check"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        indexes = [
            models.Index(fields=["school", "-planned_on"], name="svisit_school_day"),
            models.Index(fields=["bureau", "status", "-planned_on"], name="svisit_bureau_status"),
            models.Index(fields=["lead", "-planned_on"], name="svisit_lead_day"),
            # A school's list filtered by status (the bureau's list reads its schools' rows).
            models.Index(
                fields=["school", "status", "-planned_on"], name="svisit_school_status_day"
            ),
        ]

    def __str__(self):
        return f"{self.title} · {self.planned_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("supervision:visit", args=[self.pk])


class VisitResult(models.Model):
    """One checklist item as the inspectors found it; a failed item files one hazard."""

    visit = models.ForeignKey(SupervisionVisit, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(
        "inspections.ChecklistItem", on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=8)
    note = models.TextField(_("note"), blank=True)
    photos = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    hazard = models.OneToOneField(
        "hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["item__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="svisit_result_unique_item")
        ]

    def __str__(self):
        return f"{self.item} · {self.outcome}"
