"""Bullying cases (学生欺凌): reported by a student, a guardian or staff, or anonymously through the
school's tip line with a tracking code, followed by two-way anonymous messages. The procedure
(受理 → 调查 → 认定 → 处理 → 结案, with an appeal and its review) is `workflow.BULLYING`; its time
limits are rule data (`BullyingRules`), each row with its source (rules-next.md §4)."""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.casework.masking import PartiesMixin

# Unambiguous letters and digits (no 0/O, 1/I/L): 16 of them in four groups, 80 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16


def new_tracking_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def code_digest(code):
    """What the database keeps of a tracking code: its SHA-256, so that reading the table
    never lets anyone speak as the reporter."""
    cleaned = "".join(c for c in (code or "").upper() if c.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest()


class BullyingRules(models.Model):
    """The bullying procedure's time limits in force at an org: its own row, else the nearest
    one up the tree, else the default row (no org). Each figure has its source; the appeal and
    review limits are commonly quoted but unconfirmed (rules-next.md §4), hence data."""

    org = models.OneToOneField(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)
    accept_days = models.PositiveSmallIntegerField(
        _("a report is accepted or dismissed within (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    accept_source = models.CharField(_("source"), max_length=300, blank=True)
    investigate_days = models.PositiveSmallIntegerField(
        _("the investigation and finding within (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    investigate_source = models.CharField(_("source"), max_length=300, blank=True)
    appeal_days = models.PositiveSmallIntegerField(
        _("an appeal against the finding within (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    appeal_source = models.CharField(_("source"), max_length=300, blank=True)
    review_days = models.PositiveSmallIntegerField(
        _("the review of an appeal within (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    review_source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bullying procedure rules")
        verbose_name_plural = _("bullying procedure rules")

    def __str__(self):
        return self.name


class BullyingAct(models.TextChoices):
    """The five kinds of act staff must stop (未成年人学校保护规定 §21)."""

    PHYSICAL = "physical", _("Hitting, kicking, pushing or threats")
    VERBAL = "verbal", _("Insults, mockery, insulting nicknames")
    PROPERTY = "property", _("Taking, extorting or damaging belongings")
    EXCLUSION = "exclusion", _("Malicious exclusion or isolation")
    ONLINE = "online", _("Online slander, rumours or spreading private matters")


class BullyingChannel(models.TextChoices):
    TIP = "tip", _("Anonymous tip line")
    STUDENT = "student", _("A student")
    GUARDIAN = "guardian", _("A guardian")
    STAFF = "staff", _("Staff")


class BullyingStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    INVESTIGATING = "investigating", _("Investigating")
    DETERMINED = "determined", _("Finding made")
    MEASURES = "measures", _("Measures taken")
    APPEALED = "appealed", _("Under review on appeal")
    CLOSED = "closed", _("Closed")


class Severity(models.TextChoices):
    """The three tiers of the Sichuan and Guangdong implementations (rules-next.md §4)."""

    MINOR = "minor", _("Minor: criticism and an apology")
    SERIOUS = "serious", _("Serious: discipline, police may warn")
    GRAVE = "grave", _("Grave: police lead")


class BullyingCase(PartiesMixin, models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("reported by"), max_length=10, choices=BullyingChannel.choices)
    # An anonymous tip keeps only the digest of its tracking code: no account, address or
    # session of the reporter is stored anywhere with the case.
    code_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    reporter = models.CharField(
        _("reporter"), max_length=200, blank=True, help_text=_("Name and role; empty for a tip.")
    )
    act = models.CharField(_("what happened"), max_length=12, choices=BullyingAct.choices)
    parties = models.TextField(
        _("people involved"),
        blank=True,
        help_text=_("One person a line: name, role (e.g. 张某, 被欺凌学生)."),
    )
    summary = models.TextField(_("account"))
    happened = models.CharField(_("when and where"), max_length=200, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=BullyingStatus.choices,
        default=BullyingStatus.RECEIVED,
    )
    received_at = models.DateTimeField(_("received"))
    accept_by = models.DateField(_("accept by"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    investigate_by = models.DateField(_("finding by"), null=True, blank=True)
    is_bullying = models.BooleanField(_("bullying"), null=True, blank=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, blank=True)
    committee = models.TextField(_("committee members present"), blank=True)
    finding = models.TextField(_("finding"), blank=True)
    determined_on = models.DateField(_("finding made on"), null=True, blank=True)
    families_informed_on = models.DateField(_("both families informed on"), null=True, blank=True)
    appeal_by = models.DateField(_("appeal by"), null=True, blank=True)
    measures = models.TextField(_("measures"), blank=True)
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    review_by = models.DateField(_("review by"), null=True, blank=True)
    reported_onward_at = models.DateTimeField(
        _("reported to the police and the bureau"), null=True, blank=True
    )
    onward_note = models.CharField(_("reported to"), max_length=300, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bullying case")
        verbose_name_plural = _("bullying cases")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status", "-received_at"]),
            models.Index(fields=["status", "closed_on"]),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("casework:bullying", args=[self.pk])

    @property
    def reference(self):
        return f"{_('Bullying case')} #{self.pk}"


class BullyingMessage(models.Model):
    """One message between the anonymous reporter and the school. A reporter's message has no
    author; a school's names its staff member, shown to the reporter only as "the school"."""

    case = models.ForeignKey(BullyingCase, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self):
        return f"{self.case.reference} · {self.created_at:%Y-%m-%d}"
