"""Safety lessons (安全教育课): a class's lesson with its teacher, topic, attendance and
materials. Seed 003: "每两周一课时"; the interval is the programme's rule."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SafetyLesson(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(
        "students.SchoolClass",
        verbose_name=_("class"),
        on_delete=models.PROTECT,
        related_name="safety_lessons",
    )
    day = models.DateField(_("day"))
    topic = models.ForeignKey(
        "education.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendance = models.PositiveSmallIntegerField(
        _("students present"), validators=[MaxValueValidator(200)]
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    materials = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("safety lesson")
        verbose_name_plural = _("safety lessons")
        ordering = ["-day", "-pk"]
        indexes = [
            models.Index(fields=["school", "-day"], name="safetylesson_school_day"),
            models.Index(fields=["school_class", "-day"], name="safetylesson_class_day"),
        ]

    def __str__(self):
        return f"{self.school_class} {self.day:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self):
        return (
            reverse("education:lessons", args=[self.school_id]) + f"?class={self.school_class_id}"
        )
