"""Incidents: the record, its reports up to the bureaus, follow-ups, and the review."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.emergencies.models.alarms import Alarm
from safecampus.emergencies.models.kinds import EmergencyKind


class Incident(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=16, choices=EmergencyKind.choices)
    occurred_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=120)
    zone = models.ForeignKey(
        "core.Zone", verbose_name=_("zone"), null=True, blank=True, on_delete=models.SET_NULL
    )
    injured = models.PositiveIntegerField(_("people hurt"), default=0)
    description = models.TextField(pgettext_lazy("incident", "what happened"))
    actions = models.TextField(_("actions taken"), blank=True)
    alarm = models.OneToOneField(
        Alarm,
        verbose_name=_("alarm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    # What was posted to the chat robots about it (rows of core's one delivery record).
    deliveries = GenericRelation(
        "core.Delivery", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["school", "occurred_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.occurred_at):%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("emergencies:incident", args=[self.school_id, self.pk])


class IncidentReport(models.Model):
    """The upward report of an incident to a bureau: when it was sent and when it was read."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    bureau = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["read_at", "escalated_at", "sent_at"])]

    def __str__(self):
        return f"{self.incident} → {self.bureau}"


class FollowUp(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="follow_ups")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("follow-up"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:40]


class Review(models.Model):
    """The post-incident review (研判): causes, gaps, and the measures it decided."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="review")
    causes = models.TextField(_("causes"))
    gaps = models.TextField(_("gaps"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.incident)


class Measure(models.Model):
    """A measure of a review: a hazard in the ledger, or a risk point to re-assess."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="measures")
    text = models.CharField(_("measure"), max_length=300)
    hazard = models.ForeignKey(
        "hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    risk_point = models.ForeignKey(
        "risks.RiskPoint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text
