"""People: the user, their memberships (user, org, role), departments and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.roles import Role

mobile_validator = RegexValidator(
    r"^1[3-9]\d{9}$", _("Enter a mainland mobile number: 11 digits starting with 1.")
)


class User(AbstractUser):
    """A person who logs in with a username or a mobile number."""

    display_name = models.CharField(_("name"), max_length=60)
    mobile = models.CharField(
        _("mobile number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[mobile_validator],
    )
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name", "username"]

    def __str__(self):
        return self.display_name or self.username

    @property
    def masked_mobile(self):
        if not self.mobile:
            return ""
        return f"{self.mobile[:3]}****{self.mobile[-4:]}"


class Department(models.Model):
    """A department of a school (教务处, 后勤处, 年级组 ...), used to address letters and duties."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="department_unique_name")
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A role a person holds in an org. Ending it keeps the row: history is never deleted."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    started_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    ended_reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["org", "role"]), models.Index(fields=["user", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "org", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_one_active_role",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.org}"

    @property
    def is_active(self):
        return self.ended_at is None


class ApiToken(models.Model):
    """A personal token for the API. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls):
        return "sc_" + secrets.token_urlsafe(32)
