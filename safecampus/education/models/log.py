"""The class's 1530 record book (1530 安全教育记录簿): one entry per class per school day."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Slot(models.TextChoices):
    """What a school day's 1530 reminder comes before (seed 003: 1, 5 and 30 minutes)."""

    DAY = "day", _("Before dismissal")
    WEEKEND = "weekend", _("Before the weekend")
    HOLIDAY = "holiday", _("Before a holiday")


class Reminder1530(models.Model):
    """The head teacher's reminder at dismissal, as recorded. A missing day has no row: what
    was due is computed from the school calendar when a page asks, never swept into rows."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(
        "students.SchoolClass",
        verbose_name=_("class"),
        on_delete=models.PROTECT,
        related_name="reminders_1530",
    )
    day = models.DateField(_("day"))
    slot = models.CharField(_("slot"), max_length=10, choices=Slot.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    topic = models.ForeignKey(
        "education.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    photos = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("1530 entry")
        verbose_name_plural = _("1530 entries")
        ordering = ["-day", "school_class__grade", "school_class__name"]
        constraints = [
            models.UniqueConstraint(fields=["school_class", "day"], name="reminder1530_once_a_day")
        ]
        indexes = [models.Index(fields=["school", "day"], name="reminder1530_school_day")]

    def __str__(self):
        return f"{self.school_class} {self.day:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("education:class_log", args=[self.school_id, self.school_class_id])

    @property
    def late(self):
        """Recorded on a later day than the one it is for."""
        return timezone.localtime(self.recorded_at).date() > self.day
