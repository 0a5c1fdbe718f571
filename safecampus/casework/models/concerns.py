"""Persons of concern (重点人员): students, staff or outsiders whom the school watches, with a
category from the typology, a risk assessment, a responsible person, measures and follow-ups
(seed 004: 建立台账实行动态管理)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.casework.masking import mask_id, mask_name


class ConcernGroup(models.TextChoices):
    BAD = "bad", _("Bad behaviour (不良行为)")
    SERIOUS = "serious", _("Serious bad behaviour (严重不良行为)")
    PSYCH = "psych", _("Psychological risk")
    FAMILY = "family", _("Family situation")
    CONFLICT = "conflict", _("Conflict with the school")


class ConcernCategory(models.Model):
    """One entry of the typology (data, each with its source): a school picks from it."""

    group = models.CharField(_("group"), max_length=12, choices=ConcernGroup.choices)
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category of concern")
        verbose_name_plural = _("categories of concern")
        ordering = ["group", "order", "pk"]

    def __str__(self):
        return self.name


class SubjectKind(models.TextChoices):
    STUDENT = "student", _("Student")
    STAFF = "staff", _("Staff member")
    OUTSIDER = "outsider", _("Outsider")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MIDDLE = "middle", _("Middle")
    HIGH = "high", _("High")


# The 0–5 grading of risk used for severe mental disorders (rules-next.md §4, a secondary
# source): grades 3 to 5 lead to referral and notice to the police.
PSYCH_RISK = [
    (0, _("0: none")),
    (1, _("1: verbal threats")),
    (2, _("2: smashes things at home, can be talked down")),
    (3, _("3: smashes things anywhere, cannot be talked down")),
    (4, _("4: persistent violence against things or people, self-harm")),
    (5, _("5: armed violence, arson or explosion")),
]


class ConcernStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("casework", "Open")
    MANAGED = "managed", _("Under measures")
    CLOSED = "closed", pgettext_lazy("casework", "Closed")


class PersonOfConcern(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    subject_kind = models.CharField(_("who"), max_length=10, choices=SubjectKind.choices)
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=40, blank=True)
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    category = models.ForeignKey(
        ConcernCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    psych_risk = models.PositiveSmallIntegerField(
        _("psychological risk (0–5)"),
        null=True,
        blank=True,
        choices=PSYCH_RISK,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices)
    assessment = models.TextField(_("risk assessment"), blank=True)
    measures = models.TextField(pgettext_lazy("casework", "measures"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    flagged = models.BooleanField(_("flagged to the police"), default=False)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("why closed"), max_length=300, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person of concern")
        verbose_name_plural = _("persons of concern")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["school", "status", "-opened_on"]),
            models.Index(fields=["school", "flagged", "status"]),
            models.Index(fields=["status", "closed_on"]),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("casework:concern", args=[self.pk])

    @property
    def reference(self):
        """What the audit trail and notifications name: never the person."""
        return f"{_('Person of concern')} #{self.pk}"

    @property
    def masked_name(self):
        return mask_name(self.name)

    @property
    def masked_id(self):
        return mask_id(self.id_number)

    @property
    def is_minor_record(self):
        return self.subject_kind == SubjectKind.STUDENT


class ConcernFollowUp(models.Model):
    """A planned review of a case (monthly by rule), and what was found when it was done."""

    concern = models.ForeignKey(
        PersonOfConcern, on_delete=models.CASCADE, related_name="follow_ups"
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("what was found and done"), blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["concern", "done_at", "due_on"])]

    def __str__(self):
        return f"{self.concern.reference} · {self.due_on}"
