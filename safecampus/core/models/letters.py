"""Responsibility letters (责任书): issued by a school, signed by each recipient in the app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponsibilityLetter(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="letters")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    term_start = models.DateField(_("valid from"))
    term_end = models.DateField(_("valid until"))
    # What the school chose when issuing, kept so the letter says who it was for.
    audience = models.JSONField(default=dict, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issued_letters"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    attachment = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("attachment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["school", "-issued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")),
                name="letter_term_order",
            )
        ]

    def __str__(self):
        return self.title


class LetterRecipient(models.Model):
    """One person a letter was issued to; signing is a recorded act with its time."""

    letter = models.ForeignKey(
        ResponsibilityLetter, on_delete=models.PROTECT, related_name="recipients"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="letters_received"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_name = models.CharField(_("signed as"), max_length=60, blank=True)
    signed_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("letter recipient")
        verbose_name_plural = _("letter recipients")
        ordering = ["signed_at", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "user"], name="letter_recipient_unique")
        ]

    def __str__(self):
        return f"{self.letter} · {self.user}"
