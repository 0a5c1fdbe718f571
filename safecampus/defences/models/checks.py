"""Hiring checks (入职查询, 未成年人保护法 §62): every staff member's background check before
starting and the periodic re-check, for a member of the school (a person with an account) or a
guard or gatekeeper on its security staff."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckKind(models.TextChoices):
    PRE_HIRE = "pre_hire", _("Before starting")
    RECHECK = "recheck", _("Periodic re-check")


class CheckResult(models.TextChoices):
    CLEAR = "clear", _("No record found")
    FOUND = "found", _("A record was found")


class BackgroundCheck(models.Model):
    school = models.ForeignKey(
        "core.Org", on_delete=models.PROTECT, related_name="background_checks"
    )
    user = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="background_checks",
    )
    staff = models.ForeignKey(
        "defences.SecurityStaff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="background_checks",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CheckKind.choices)
    checked_on = models.DateField(_("checked on"))
    result = models.CharField(_("result"), max_length=8, choices=CheckResult.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # When the reminder that this check is about to lapse went out: sent once per check, and a
    # new check is a new row with no reminder yet.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hiring check")
        verbose_name_plural = _("hiring checks")
        ordering = ["-checked_on", "-pk"]
        indexes = [
            models.Index(fields=["school", "user", "checked_on"]),
            models.Index(fields=["school", "staff", "checked_on"]),
            models.Index(fields=["checked_on", "reminded_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, staff__isnull=True)
                    | models.Q(user__isnull=True, staff__isnull=False)
                ),
                name="defences_check_one_person",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.checked_on}"

    @property
    def person(self):
        return self.user or self.staff
