"""Outside departments (外部门): the police station, market regulator, street office ... of an
area (a street or a district). A school refers a surroundings problem to one of them; their
people log in with the outside department role at the area and see only what is referred to
their department."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    POLICE = "police", _("Police station")
    MARKET = "market", _("Market regulator")
    CULTURE = "culture", _("Culture and tourism")
    URBAN = "urban", _("Urban management")
    TRAFFIC = "traffic", _("Traffic police")
    STREET = "street", _("Street office")
    OTHER = "other", _("Other department")


class OutsideDepartment(models.Model):
    area = models.ForeignKey(
        "core.Org",
        verbose_name=_("district or street"),
        on_delete=models.PROTECT,
        related_name="outside_departments",
    )
    kind = models.CharField(_("type"), max_length=16, choices=DepartmentKind.choices)
    name = models.CharField(_("name"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("outside department")
        verbose_name_plural = _("outside departments")
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="outside_department_name"),
        ]

    def __str__(self):
        return self.name


class DepartmentMember(models.Model):
    """A person who answers for a department. Their scope (the schools of the area) is their
    membership with the outside department role at the department's area."""

    department = models.ForeignKey(
        OutsideDepartment, on_delete=models.PROTECT, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outside_department"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("department member")
        verbose_name_plural = _("department members")

    def __str__(self):
        return f"{self.user} · {self.department}"
