"""Need-to-know access shared by every casework ledger: the rules in force, retention periods
as data, and the time-limited grants a person in charge approves (未成年人网络保护条例 §36)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Ledger(models.TextChoices):
    CONCERN = "concern", _("Persons of concern")
    DISPUTE = "dispute", _("Disputes")
    BULLYING = "bullying", _("Bullying cases")
    MANDATORY = "mandatory", _("Mandatory reports")
    HEALTH = "health", _("Health notes")


# How one record of each ledger is named where its person must not be: "Person of concern #12".
RECORD_NAME = {
    Ledger.CONCERN: _("Person of concern"),
    Ledger.DISPUTE: _("Dispute"),
    Ledger.BULLYING: _("Bullying case"),
    Ledger.MANDATORY: _("Mandatory report"),
    Ledger.HEALTH: _("Health note"),
}


class CaseworkRules(models.Model):
    """The casework figures in force at an org: its own row, else the nearest one up the tree,
    else the default row (no org). Unsure figures are data, each row with its source."""

    org = models.OneToOneField(
        "core.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="casework_rules",
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=300, blank=True)
    grant_hours = models.PositiveSmallIntegerField(
        _("an approved access lasts this many hours"),
        validators=[MinValueValidator(1), MaxValueValidator(720)],
    )
    concern_review_days = models.PositiveSmallIntegerField(
        _("a person of concern is reviewed every this many days"),
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    police_from_psych_risk = models.PositiveSmallIntegerField(
        _("psychological risk from which a case is flagged to the police"),
        validators=[MinValueValidator(0), MaxValueValidator(6)],
    )
    screen_small_days = models.PositiveSmallIntegerField(
        _("a small screening for disputes at least every this many days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(92)],
    )
    screen_big_days = models.PositiveSmallIntegerField(
        _("a big screening for disputes at least every this many days"),
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )

    class Meta:
        verbose_name = _("casework rules")
        verbose_name_plural = _("casework rules")

    def __str__(self):
        return self.name


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", _("Anonymise")
    DELETE = "delete", _("Delete")


class RetentionRule(models.Model):
    """How long a closed record of a ledger is kept before it is anonymised or deleted (PIPL
    §19: no longer than needed). The row with no org is the default; the nearest applies."""

    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ledger = models.CharField(_("ledger"), max_length=20, choices=Ledger.choices)
    days_after_close = models.PositiveIntegerField(
        _("days kept after closing"), validators=[MinValueValidator(1), MaxValueValidator(36500)]
    )
    action = models.CharField(_("then"), max_length=12, choices=RetentionAction.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(fields=["org", "ledger"], name="retention_one_per_ledger"),
            models.UniqueConstraint(
                fields=["ledger"],
                condition=models.Q(org__isnull=True),
                name="retention_one_default_per_ledger",
            ),
        ]

    def __str__(self):
        return f"{self.get_ledger_display()}: {self.days_after_close}"


class GrantStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED = "revoked", _("Revoked")


class AccessGrant(models.Model):
    """A staff member's request to read one record, and the decision on it. An approved grant
    is good until `expires_at`; expiry is derived, never swept."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    ledger = models.CharField(_("ledger"), max_length=20, choices=Ledger.choices)
    record_id = models.PositiveBigIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casework_requests"
    )
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("access until"), null=True, blank=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status", "-requested_at"]),
            models.Index(fields=["ledger", "record_id", "requested_by", "status"]),
        ]

    def __str__(self):
        return f"{RECORD_NAME[self.ledger]} #{self.record_id}"

    def get_absolute_url(self):
        return reverse("casework:access", args=[self.school_id])

    @property
    def is_expired(self):
        """An approved access past its time (derived, never stored)."""
        return (
            self.status == GrantStatus.APPROVED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )
