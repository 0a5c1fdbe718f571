"""Equipment (物防): what a school keeps where, of a type from the rule-set list with its check
and service intervals (rules-next.md §2: GB 50444-2008 as quoted for extinguishers; local lists
for guard gear), its inspections, and the hazard an expired item files once."""

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Days before an item's expiry (or service) that the school is reminded and the page warns.
REMIND_DAYS = 30


class EquipmentType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    # Days between inspections (an extinguisher: monthly); 0: no periodic inspection.
    check_days = models.PositiveSmallIntegerField(
        _("inspect every (days)"), default=0, validators=[MaxValueValidator(3650)]
    )
    first_service_years = models.PositiveSmallIntegerField(
        _("first service after (years)"), null=True, blank=True
    )
    service_every_years = models.PositiveSmallIntegerField(
        _("then service every (years)"), null=True, blank=True
    )
    life_years = models.PositiveSmallIntegerField(_("scrap after (years)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    unsure = models.CharField(_("not confirmed"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("equipment type")
        verbose_name_plural = _("equipment types")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Equipment(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="equipment")
    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="equipment", verbose_name=_("place")
    )
    kind = models.ForeignKey(
        EquipmentType, on_delete=models.PROTECT, related_name="items", verbose_name=_("type")
    )
    count = models.PositiveIntegerField(
        _("count"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    made_on = models.DateField(_("made or bought on"))
    # The item's own date, else made + the type's service life (set by the service); empty for
    # a type with no service life.
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    last_checked_on = models.DateField(_("last inspected on"), null=True, blank=True)
    retired_on = models.DateField(_("replaced or retired on"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The hazard filed when the item expired: once, however often the sweep runs.
    hazard = models.ForeignKey(
        "hazards.Hazard", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["zone__path_name", "kind__position", "pk"]
        indexes = [
            models.Index(fields=["school", "retired_on", "expires_on"]),
            models.Index(fields=["retired_on", "expires_on", "hazard"]),
        ]

    def __str__(self):
        return f"{self.kind} × {self.count}"

    def get_absolute_url(self):
        return reverse("defences:item", args=[self.pk])

    @property
    def next_check(self):
        if not self.kind.check_days:
            return None
        start = self.last_checked_on or self.made_on
        return start + timedelta(days=self.kind.check_days)

    def next_service(self, today):
        """The next service day on or after `today` (first after manufacture, then every
        `service_every_years`), or None for a type without one."""
        first, every = self.kind.first_service_years, self.kind.service_every_years
        if not first:
            return None
        due = years_after(self.made_on, first)
        while every and due < today:
            due = years_after(due, every)
        return due


def years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class EquipmentCheck(models.Model):
    item = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("inspected on"))
    ok = models.BooleanField(_("in order"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    hazard = models.ForeignKey(
        "hazards.Hazard", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("equipment inspection")
        verbose_name_plural = _("equipment inspections")
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["item", "checked_on"])]

    def __str__(self):
        return f"{self.item} {self.checked_on}"
