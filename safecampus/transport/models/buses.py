"""The school's buses, their drivers and attendants, and the routes they run."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.students.masking import mask_id, mask_phone


class Vehicle(models.Model):
    """A school bus: its plate, its seats (the overloading limit, 校车安全管理条例 §34), its
    last technical inspection and the due date the rules in force gave it, its insurance and
    the kit on board."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="buses")
    plate = models.CharField(_("plate"), max_length=16)
    seats = models.PositiveSmallIntegerField(
        _("approved seats for students"),
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    inspected_on = models.DateField(_("last technical inspection"))
    # Stored when the inspection is recorded, from the rule in force then: a deadline, not a
    # state; overdue is computed from it.
    inspection_due = models.DateField(_("next inspection due"))
    insured_until = models.DateField(_("insurance valid until"))
    equipment = models.JSONField(_("equipment on board"), default=list, blank=True)
    is_active = models.BooleanField(_("in service"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plate"]
        verbose_name = _("school bus")
        verbose_name_plural = _("school buses")
        constraints = [
            models.UniqueConstraint(fields=["school", "plate"], name="bus_unique_plate"),
        ]
        indexes = [models.Index(fields=["school", "is_active", "plate"])]

    def __str__(self):
        return self.plate

    def get_absolute_url(self):
        return reverse("transport:vehicle_edit", args=[self.school_id, self.pk])


class Driver(models.Model):
    """A school-bus driver and the dates their eligibility is checked by (条例 §23, §26)."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="bus_drivers")
    name = models.CharField(_("name"), max_length=40)
    id_number = models.CharField(_("ID number"), max_length=18)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    licensed_on = models.DateField(_("driving since"))
    reexamined_on = models.DateField(_("last yearly re-examination"))
    background_checked_on = models.DateField(_("last background check"))
    is_active = models.BooleanField(_("in service"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bus driver")
        verbose_name_plural = _("bus drivers")
        indexes = [models.Index(fields=["school", "is_active", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("transport:driver_edit", args=[self.school_id, self.pk])

    @property
    def masked_id(self):
        return mask_id(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


class BusRoute(models.Model):
    """A route: its bus, driver and attendant (随车照管人员, 条例 §38), stops and riders."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="bus_routes")
    name = models.CharField(_("name"), max_length=60)
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("bus"), on_delete=models.PROTECT, related_name="routes"
    )
    driver = models.ForeignKey(
        Driver, verbose_name=_("driver"), on_delete=models.PROTECT, related_name="routes"
    )
    attendant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendant"),
        on_delete=models.PROTECT,
        related_name="bus_routes",
    )
    is_active = models.BooleanField(_("running"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bus route")
        verbose_name_plural = _("bus routes")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="bus_route_unique_name"),
        ]
        indexes = [models.Index(fields=["school", "is_active", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("transport:route", args=[self.school_id, self.pk])


class Stop(models.Model):
    route = models.ForeignKey(BusRoute, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("stop"), max_length=60)
    morning_time = models.TimeField(_("morning pick-up"), null=True, blank=True)
    afternoon_time = models.TimeField(_("afternoon drop-off"), null=True, blank=True)

    class Meta:
        ordering = ["route", "position", "pk"]
        verbose_name = _("stop")
        verbose_name_plural = _("stops")

    def __str__(self):
        return self.name


class Rider(models.Model):
    """A student who rides the route, and where they get on and off."""

    route = models.ForeignKey(BusRoute, on_delete=models.CASCADE, related_name="riders")
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="bus_rides"
    )
    stop = models.ForeignKey(Stop, verbose_name=_("stop"), on_delete=models.PROTECT)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stop__position", "student__name"]
        verbose_name = _("rider")
        verbose_name_plural = _("riders")
        constraints = [
            # A student rides one route: two lists with the same child would each miss them.
            models.UniqueConstraint(fields=["student"], name="rider_one_route"),
        ]

    def __str__(self):
        return str(self.student)
