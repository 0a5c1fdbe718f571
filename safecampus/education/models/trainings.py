"""Trainings and lectures (安全培训, 专题讲座, 安全形势报告) for staff, students or parents, with
their attendance and hours. Seed 003 sets the staff's quotas a term (the programme's rules)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrainingKind(models.TextChoices):
    TRAINING = "training", _("Training")
    LECTURE = "lecture", _("Lecture")
    SAFETY_REPORT = "safety_report", _("Safety-situation report")


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff")
    STUDENTS = "students", _("Students")
    PARENTS = "parents", _("Parents")


class Training(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=TrainingKind.choices)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=120)
    topic = models.ForeignKey(
        "education.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    day = models.DateField(_("day"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("speaker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    speaker_name = models.CharField(_("outside speaker"), max_length=60, blank=True)
    # Students and parents are counted; staff are listed (TrainingAttendee), and counted here too.
    attendance = models.PositiveIntegerField(_("attendance"), validators=[MaxValueValidator(10000)])
    note = models.CharField(_("note"), max_length=500, blank=True)
    materials = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("training or lecture")
        verbose_name_plural = _("trainings and lectures")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["school", "-day"], name="training_school_day")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:training", args=[self.school_id, self.pk])

    @property
    def speaker_label(self):
        return str(self.speaker) if self.speaker_id else self.speaker_name


class TrainingAttendee(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="training_attendee_once")
        ]

    def __str__(self):
        return str(self.person)
