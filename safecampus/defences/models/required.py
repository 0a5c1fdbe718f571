"""Required equipment (rules-next.md §2, equipment_catalog): what a rule set asks each school to
keep, counted per guard, per gate or per school, with the source of the figure. No quantity is
published that this project could cite, so none ships: a bureau sets each line with its source.
A shortfall files one hazard, recorded here until it is made good."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CountBasis(models.TextChoices):
    GUARD = "guard", _("per guard")
    GATE = "gate", _("per gate")
    SCHOOL = "school", _("per school")


class RequiredEquipment(models.Model):
    rule_set = models.ForeignKey(
        "defences.StaffingRuleSet", on_delete=models.CASCADE, related_name="required_equipment"
    )
    kind = models.ForeignKey(
        "defences.EquipmentType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("type"),
    )
    basis = models.CharField(_("counted"), max_length=8, choices=CountBasis.choices)
    minimum = models.PositiveSmallIntegerField(
        _("at least"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("required equipment")
        verbose_name_plural = _("required equipment")
        ordering = ["kind__position", "kind__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "kind"], name="defences_required_equipment_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} ≥ {self.minimum} {self.get_basis_display()}"


class EquipmentShortfall(models.Model):
    """A school short of a required type: the hazard filed for it, once while it lasts."""

    school = models.ForeignKey("core.Org", on_delete=models.CASCADE, related_name="+")
    kind = models.ForeignKey("defences.EquipmentType", on_delete=models.PROTECT, related_name="+")
    hazard = models.ForeignKey(
        "hazards.Hazard", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    # Set by the sweep that found the school no longer short; a later shortfall is a new row.
    made_good_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("equipment shortfall")
        verbose_name_plural = _("equipment shortfalls")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind"],
                condition=models.Q(made_good_at__isnull=True),
                name="defences_one_open_shortfall",
            )
        ]

    def __str__(self):
        return f"{self.school} {self.kind}"
