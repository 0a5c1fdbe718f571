"""Drills: the plan, the run with each class's head count, and the problems it found."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.emergencies.models.kinds import EmergencyKind


class DrillStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Held")


class Drill(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="drills")
    kind = models.CharField(_("kind"), max_length=16, choices=EmergencyKind.choices)
    planned_on = models.DateField(_("date"))
    scenario = models.TextField(_("scenario"))
    status = models.CharField(
        max_length=8, choices=DrillStatus.choices, default=DrillStatus.PLANNED
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    alarm_at = models.DateTimeField(_("alarm sounded"), null=True, blank=True)
    evacuated_at = models.DateTimeField(_("evacuation complete"), null=True, blank=True)
    problems = models.TextField(_("problems found"), blank=True, help_text=_("One per line."))
    summary = models.TextField(_("summary"), blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    # The phone's id for the recorded run (head counts): a replay of the same run changes nothing.
    run_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-planned_on", "-pk"]
        indexes = [models.Index(fields=["school", "status", "planned_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.planned_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("emergencies:drill", args=[self.school_id, self.pk])

    @property
    def evacuation_time(self):
        if self.alarm_at and self.evacuated_at:
            return self.evacuated_at - self.alarm_at
        return None


class DrillClass(models.Model):
    """Head count of one class in a drill. The class is a text label until the school's classes
    exist as rows of their own."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="classes")
    label = models.CharField(_("class"), max_length=40)
    expected = models.PositiveIntegerField(_("expected"))
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    missing_note = models.CharField(_("who is missing"), max_length=200, blank=True)

    class Meta:
        ordering = ["label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["drill", "label"], name="one_count_per_class")
        ]

    def __str__(self):
        return self.label

    @property
    def missing(self):
        return None if self.present is None else max(self.expected - self.present, 0)


class DrillProblem(models.Model):
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="problem_rows")
    text = models.CharField(max_length=300)
    hazard = models.ForeignKey("hazards.Hazard", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text
