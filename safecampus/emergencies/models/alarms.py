"""One-key alarms, the boxes that raise them, their 1-3-5 timeline and the people answering."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.emergencies.models.kinds import AlarmKind


class AlarmStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("False alarm (cancelled)")


class Stage(models.TextChoices):
    """The minimum emergency unit (最小应急单元): 1 minute self-rescue, 3 minutes mutual rescue,
    5 minutes reinforcement. The 1-3-5 is the name of the mechanism, not a local figure."""

    SELF_RESCUE = "self_rescue", _("Self-rescue")
    MUTUAL_RESCUE = "mutual_rescue", _("Mutual rescue")
    REINFORCEMENT = "reinforcement", _("Reinforcement")


STAGE_LIMITS = {
    Stage.SELF_RESCUE: timedelta(minutes=1),
    Stage.MUTUAL_RESCUE: timedelta(minutes=3),
    Stage.REINFORCEMENT: timedelta(minutes=5),
}


class StageState(models.TextChoices):
    MET = "met", _("Met")
    MISSED = "missed", pgettext_lazy("stage", "Missed")
    PENDING = "pending", _("Running")


class AlarmDevice(models.Model):
    """A hardware alarm box. It raises alarms for its own school only, with its own key."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="alarm_devices")
    name = models.CharField(_("name"), max_length=60)
    zone = models.ForeignKey(
        "core.Zone", verbose_name=_("zone"), null=True, blank=True, on_delete=models.SET_NULL
    )
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alarm device")
        verbose_name_plural = _("alarm devices")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key():
        return "dev_" + secrets.token_urlsafe(32)


class Alarm(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="alarms")
    kind = models.CharField(_("kind"), max_length=16, choices=AlarmKind.choices)
    zone = models.ForeignKey(
        "core.Zone", verbose_name=_("zone"), null=True, blank=True, on_delete=models.SET_NULL
    )
    place = models.CharField(_("place"), max_length=120, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alarms_raised",
    )
    device = models.ForeignKey(AlarmDevice, null=True, blank=True, on_delete=models.PROTECT)
    raised_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=16, choices=AlarmStatus.choices, default=AlarmStatus.ACTIVE
    )
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    self_rescue_at = models.DateTimeField(null=True, blank=True)
    self_rescue_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    self_rescue_note = models.TextField(_("what was done on site"), blank=True)
    mutual_rescue_at = models.DateTimeField(null=True, blank=True)
    reinforcement_at = models.DateTimeField(null=True, blank=True)
    reinforcement_note = models.CharField(_("who arrived"), max_length=200, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_note = models.TextField(_("note"), blank=True)
    # What was posted to the chat robots about it (rows of core's one delivery record).
    deliveries = GenericRelation(
        "core.Delivery", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "raised_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.raised_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("emergencies:alarm", args=[self.school_id, self.pk])

    @property
    def is_active(self):
        return self.status == AlarmStatus.ACTIVE

    @property
    def where(self):
        """The zone's full path and the words added to it ("教学楼B › 1楼 · 楼梯口"), or ""."""
        zone = self.zone.path_name if self.zone_id else ""
        return " · ".join(part for part in (zone, self.place) if part)

    def stage_times(self):
        return {
            Stage.SELF_RESCUE: self.self_rescue_at,
            Stage.MUTUAL_RESCUE: self.mutual_rescue_at,
            Stage.REINFORCEMENT: self.reinforcement_at,
        }

    def stages(self, now=None):
        """[(stage, deadline, time reached or None, state)] in order. A cancelled false alarm
        judges nothing: what was not reached is not missed. A closed alarm is judged at its
        closing time: a stage not reached is missed only if its deadline had passed by then;
        one still running when the alarm was closed was never due."""
        now = now or timezone.now()
        end = now if self.is_active else (self.closed_at or now)
        out = []
        for stage, at in self.stage_times().items():
            deadline = self.raised_at + STAGE_LIMITS[stage]
            if at is not None:
                state = StageState.MET if at <= deadline else StageState.MISSED
            elif self.status == AlarmStatus.CANCELLED:
                state = None
            elif end > deadline:
                state = StageState.MISSED
            elif self.is_active:
                state = StageState.PENDING
            else:
                state = None
            out.append((stage, deadline, at, state))
        return out


class ResponderState(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ON_THE_WAY = "on_the_way", _("On my way")
    ARRIVED = "arrived", _("Arrived")


class AlarmResponse(models.Model):
    """One responder's part in an alarm: when they saw it, set off and arrived."""

    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reinforcement = models.BooleanField(default=False)  # police or bureau, not school staff
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    on_the_way_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["acknowledged_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alarm", "user"], name="one_response_per_person")
        ]

    def __str__(self):
        return f"{self.user} @ {self.alarm_id}"

    @property
    def state(self):
        if self.arrived_at:
            return ResponderState.ARRIVED
        if self.on_the_way_at:
            return ResponderState.ON_THE_WAY
        return ResponderState.ACKNOWLEDGED
