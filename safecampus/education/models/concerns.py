"""A concern a guardian raises with the school from their phone (家校沟通): a short text and an
optional photo about one of their children, for the class's head teacher and the school's
safety officer; the school answers, the guardian reads the answer, either side closes it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A guardian's concern is a few sentences: a longer text belongs in a meeting.
MAX_TEXT = 1000


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the school")
    ANSWERED = "answered", pgettext_lazy("concern", "Answered")
    CLOSED = "closed", pgettext_lazy("concern", "Closed")


class Concern(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("child"),
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    account = models.ForeignKey(
        "students.GuardianAccount", on_delete=models.PROTECT, related_name="concerns"
    )
    # The guardian's name as the school has it on the child's record.
    raised_by = models.CharField(_("raised by"), max_length=40)
    text = models.TextField(_("concern"), max_length=MAX_TEXT)
    photo = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    answer = models.TextField(_("the school's answer"), max_length=MAX_TEXT, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("concern closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("guardian's concern")
        verbose_name_plural = _("guardians' concerns")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The school's list by state, newest first.
            models.Index(fields=["school", "status", "-created_at"], name="concern_school"),
            # A guardian's list of one child.
            models.Index(fields=["student", "-created_at"], name="concern_student"),
        ]

    def __str__(self):
        return self.text[:40]

    def get_absolute_url(self):
        return reverse("education:concern", args=[self.school_id, self.pk])
