"""Security staff (人防): the school's guards and gatekeepers, with their papers and training."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core import idcard
from safecampus.students.masking import mask_id, mask_phone


class StaffRole(models.TextChoices):
    GUARD = "guard", _("Security guard (保安员)")
    GATEKEEPER = "gatekeeper", _("Gatekeeper (门卫)")


class Employer(models.TextChoices):
    SCHOOL = "school", _("Employed by the school")
    COMPANY = "company", _("Security company")


class SecurityStaffQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_on__isnull=True)


class SecurityStaff(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="security_staff")
    name = models.CharField(_("name"), max_length=40)
    role = models.CharField(_("post"), max_length=12, choices=StaffRole.choices)
    employer = models.CharField(_("employer"), max_length=12, choices=Employer.choices)
    company = models.CharField(_("security company"), max_length=120, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    certificate_number = models.CharField(_("保安员证 number"), max_length=40, blank=True)
    certificate_valid_until = models.DateField(_("保安员证 valid until"), null=True, blank=True)
    health_checked_on = models.DateField(_("last health check"), null=True, blank=True)
    started_on = models.DateField(_("started on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SecurityStaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("security staff member")
        verbose_name_plural = _("security staff")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["school", "left_on", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "id_number"],
                condition=models.Q(left_on__isnull=True),
                name="defences_staff_once_per_school",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("defences:staff", args=[self.pk])

    @property
    def masked_id(self):
        return mask_id(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def birth_date(self):
        return idcard.birth_date(self.id_number)

    def age_on(self, day):
        born = self.birth_date
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Training(models.Model):
    staff = models.ForeignKey(SecurityStaff, on_delete=models.CASCADE, related_name="trainings")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=120)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["staff", "held_on"])]

    def __str__(self):
        return self.topic
