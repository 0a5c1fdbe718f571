"""Emergency plans: roles and their steps, and a plan put to work for one alarm."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.emergencies.models.alarms import Alarm
from safecampus.emergencies.models.kinds import EmergencyKind


class EmergencyPlan(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="emergency_plans")
    kind = models.CharField(_("kind"), max_length=16, choices=EmergencyKind.choices)
    title = models.CharField(_("title"), max_length=120)
    contacts = models.TextField(_("contacts"), blank=True, help_text=_("One per line."))
    assembly_points = models.TextField(
        _("assembly points"), blank=True, help_text=_("One per line.")
    )
    zones = models.ManyToManyField("core.Zone", verbose_name=_("zones"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("emergencies:plan", args=[self.school_id, self.pk])

    def contact_lines(self):
        return [line.strip() for line in self.contacts.splitlines() if line.strip()]

    def assembly_lines(self):
        return [line.strip() for line in self.assembly_points.splitlines() if line.strip()]


class PlanRole(models.Model):
    plan = models.ForeignKey(EmergencyPlan, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(_("role"), max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class PlanStep(models.Model):
    role = models.ForeignKey(PlanRole, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("step"), max_length=300)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class PlanActivation(models.Model):
    """A plan put to work for one alarm: every step becomes a checklist item."""

    alarm = models.OneToOneField(Alarm, on_delete=models.CASCADE, related_name="activation")
    plan = models.ForeignKey(EmergencyPlan, on_delete=models.PROTECT, related_name="activations")
    activated_at = models.DateTimeField(auto_now_add=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self):
        return f"{self.plan} → {self.alarm_id}"


class StepCheck(models.Model):
    activation = models.ForeignKey(PlanActivation, on_delete=models.CASCADE, related_name="checks")
    step = models.ForeignKey(PlanStep, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField()
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activation", "step"], name="one_check_per_step")
        ]

    def __str__(self):
        return str(self.step)
