"""Off-campus activities and large events (校外活动、大型活动): outings, study trips, sports
meets, performances. A request carries the plan, the security plan, the insurance, the students
who go and the staff who lead them; the staff-to-student ratio is checked against the bureau's
rule row (rule data with its source); the principal approves."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.transport.models.trips import RollMark, still_out


class OutingKind(models.TextChoices):
    OUTING = "outing", _("Outing or study trip")
    SPORTS_MEET = "sports_meet", _("Sports meet")
    PERFORMANCE = "performance", _("Performance")
    LARGE_EVENT = "large_event", _("Other large event")


class OutingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    # The group came back with a student who left and is not marked back: the safety officers
    # were alerted, and the activity stays open until every such student is found.
    UNACCOUNTED = "unaccounted", _("Student unaccounted for")
    CLOSED = "closed", _("Back and closed")


class OutingRules(models.Model):
    """How many students one accompanying adult may lead, and the fewest adults on any
    activity. No national figure was found (rules.md, rules-next.md), so there is no default
    row: each bureau keeps its own with its source, and a school with no row in force is told
    that the ratio is not checked."""

    org = models.OneToOneField("core.Org", on_delete=models.PROTECT, related_name="outing_rules")
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200)
    students_per_staff = models.PositiveSmallIntegerField(
        _("students per accompanying adult, at most"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    min_staff = models.PositiveSmallIntegerField(
        _("accompanying adults, at least"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = _("outing rules")
        verbose_name_plural = _("outing rules")

    def __str__(self):
        return self.name


class Outing(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="outings")
    kind = models.CharField(_("type"), max_length=16, choices=OutingKind.choices)
    title = models.CharField(_("title"), max_length=120)
    destination = models.CharField(_("destination"), max_length=200)
    starts_at = models.DateTimeField(_("leaves"))
    ends_at = models.DateTimeField(_("back"))
    plan = models.TextField(_("plan"))
    security_plan = models.TextField(_("security plan"))
    insurance = models.CharField(_("insurance (insurer, policy)"), max_length=200, blank=True)
    students = models.ManyToManyField(
        "students.Student", verbose_name=_("students"), blank=True, related_name="outings"
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompanying staff"),
        blank=True,
        related_name="outings_led",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OutingStatus.choices, default=OutingStatus.DRAFT
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    alerted_at = models.DateTimeField(_("school alerted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("off-campus activity")
        verbose_name_plural = _("off-campus activities")
        indexes = [
            models.Index(fields=["school", "status", "-starts_at"]),
            models.Index(fields=["school", "alerted_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("transport:outing", args=[self.school_id, self.pk])

    def still_out(self):
        """Ids of the students who left with the group and are neither back nor accounted for."""
        return still_out(self.marks)


class OutingMark(RollMark):
    """One tap of an activity's roll call: left with the group (board), back (alight), did not
    go (absent), or found after the return with where and with whom (account)."""

    outing = models.ForeignKey(Outing, on_delete=models.CASCADE, related_name="marks")

    class Meta(RollMark.Meta):
        verbose_name = _("outing roll-call mark")
        verbose_name_plural = _("outing roll-call marks")
        constraints = [
            models.UniqueConstraint(fields=["outing", "student", "kind"], name="outing_mark_once"),
        ]
