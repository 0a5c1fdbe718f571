"""Health notes: a student's major illnesses and allergies that matter for safety, what staff do
in an emergency and what the student may not do in PE. Read only by the student's head teacher,
the PE teacher and the school medic (each read audited); the guardian's written notice is kept
as an attachment. Closed notes are anonymised by the retention rule like every ledger."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.casework.masking import mask_name


class HealthKind(models.TextChoices):
    ALLERGY = "allergy", _("Allergy")
    ASTHMA = "asthma", _("Asthma")
    HEART = "heart", _("Heart condition")
    EPILEPSY = "epilepsy", _("Epilepsy")
    DIABETES = "diabetes", _("Diabetes")
    OTHER = "other", _("Other illness")


class HealthStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    CLOSED = "closed", _("Closed")


class HealthNote(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=HealthKind.choices)
    detail = models.CharField(
        _("what it is"), max_length=300, help_text=_("e.g. peanuts and tree nuts; since 2024.")
    )
    emergency = models.TextField(_("what to do in an emergency"))
    pe_limits = models.CharField(_("PE restrictions"), max_length=300, blank=True)
    notice = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("the guardian's written notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=HealthStatus.choices, default=HealthStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("health note")
        verbose_name_plural = _("health notes")
        ordering = ["student__school_class__grade", "student__school_class__name", "pk"]
        indexes = [
            models.Index(fields=["school", "status", "kind"]),
            models.Index(fields=["status", "closed_on"]),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("casework:health", args=[self.pk])

    @property
    def reference(self):
        return f"{_('Health note')} #{self.pk}"

    @property
    def masked_student(self):
        return mask_name(self.student.name) if self.student_id else "——"
