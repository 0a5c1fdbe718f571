"""The surroundings ledger (周边环境): problems near a school, referred to the outside department
that acts on them, their answer and the school's re-check; joint inspections of the
surroundings. The types, their distances and departments are rule data with their source."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    STRAIGHT = "straight", _("Straight line")
    # Ningbo §28: "最近路程二百米", along the shortest walking route.
    ROUTE = "route", _("Shortest walking route")


class ProblemType(models.Model):
    """A kind of problem near a school, the distance within which it is barred (none when the
    law names none: 未保法 §58–§59 say only "周边"), how that distance is measured, and the
    outside department that acts on it (rules-next.md §5). The rows with no org are the
    defaults; a bureau may keep its own list, which then replaces them for its schools."""

    org = models.ForeignKey(
        "core.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surroundings_types",
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=60)
    radius_m = models.PositiveIntegerField(
        _("rule distance (metres)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(2000)],
    )
    measured = models.CharField(
        _("measured"), max_length=16, choices=Measure.choices, default=Measure.STRAIGHT
    )
    department = models.CharField(_("responsible department"), max_length=120)
    source = models.CharField(_("source"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("surroundings problem type")
        verbose_name_plural = _("surroundings problem types")
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="surroundings_type_code"),
        ]

    def __str__(self):
        return self.name


class ProblemStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    REFERRED = "referred", _("Referred to the department")
    ANSWERED = "answered", _("Answered, to re-check")
    CLOSED = "closed", _("Re-checked and closed")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PERSISTS = "persists", _("Still there")


class SurroundingsProblem(models.Model):
    school = models.ForeignKey(
        "core.Org", on_delete=models.PROTECT, related_name="surroundings_problems"
    )
    kind = models.ForeignKey(
        ProblemType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="problems"
    )
    place = models.CharField(_("place"), max_length=200)
    distance_m = models.PositiveIntegerField(
        _("distance from the gate (metres)"),
        validators=[MinValueValidator(0), MaxValueValidator(5000)],
    )
    description = models.TextField(_("what was seen"), blank=True)
    photos = models.ManyToManyField(
        "core.Attachment", verbose_name=_("photos"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.REPORTED
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"))
    department = models.CharField(_("referred to"), max_length=120, blank=True)
    # The department's row when it answers on the platform; the name above stays as referred.
    referred_to = models.ForeignKey(
        "transport.OutsideDepartment",
        verbose_name=_("department on the platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    referred_at = models.DateTimeField(_("referred"), null=True, blank=True)
    answer = models.TextField(_("the department's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_note = models.TextField(_("why the department returned it"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    recheck_note = models.TextField(_("re-check"), blank=True)
    rechecked_at = models.DateTimeField(_("re-checked"), null=True, blank=True)
    rechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("surroundings problem")
        verbose_name_plural = _("surroundings problems")
        indexes = [
            models.Index(fields=["school", "-reported_at"]),
            models.Index(fields=["school", "status", "-reported_at"]),
            models.Index(fields=["referred_to", "status", "-referred_at"]),
        ]

    def __str__(self):
        return f"{self.kind} · {self.place}"

    def get_absolute_url(self):
        return reverse("transport:problem", args=[self.school_id, self.pk])

    def department_url(self):
        """The problem on its department's own pages."""
        return reverse("transport:referred", args=[self.pk])

    @property
    def within_barred_distance(self):
        radius = self.kind.radius_m
        return radius is not None and self.distance_m <= radius


class SurroundingsRules(models.Model):
    """How often the school and the outside departments inspect the surroundings together.
    Default: once a semester (宁波市未成年人保护条例, rules-next.md §5 and seed 000)."""

    org = models.OneToOneField(
        "core.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surroundings_rules",
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200, blank=True)
    joint_per_semester = models.PositiveSmallIntegerField(
        _("joint inspections a semester, at least"),
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = _("surroundings rules")
        verbose_name_plural = _("surroundings rules")

    def __str__(self):
        return self.name


class JointInspection(models.Model):
    school = models.ForeignKey(
        "core.Org", on_delete=models.PROTECT, related_name="joint_inspections"
    )
    held_on = models.DateField(_("held on"))
    departments = models.CharField(_("departments taking part"), max_length=200)
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("joint inspection")
        verbose_name_plural = _("joint inspections")
        indexes = [models.Index(fields=["school", "-held_on"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.departments}"
