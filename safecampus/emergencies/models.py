"""Emergencies: one-key alarms and their 1-3-5 timeline, plans, incidents, drills.

The chat robots alarms and incidents are posted to are a channel of core's notifications."""

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


class AlarmKind(models.TextChoices):
    INTRUSION = "intrusion", _("Intrusion or violence")
    FIRE = "fire", pgettext_lazy("emergency", "Fire")
    MEDICAL = "medical", _("Medical emergency")
    STAMPEDE = "stampede", _("Stampede")
    OTHER = "other", _("Other emergency")


class EmergencyKind(models.TextChoices):
    """The kinds of emergency a plan, an incident or a drill is about."""

    INTRUSION = "intrusion", _("Intrusion and violence")
    FIRE = "fire", pgettext_lazy("emergency", "Fire")
    EARTHQUAKE = "earthquake", _("Earthquake")
    FOOD_POISONING = "food_poisoning", _("Food poisoning")
    DROWNING = "drowning", _("Drowning")
    STAMPEDE = "stampede", _("Stampede")
    WEATHER = "weather", _("Extreme weather")
    PUBLIC_HEALTH = "public_health", _("Public health")
    OTHER = "other", _("Other")


# Which plan an alarm of each kind calls for.
PLAN_FOR_ALARM = {
    AlarmKind.INTRUSION: EmergencyKind.INTRUSION,
    AlarmKind.FIRE: EmergencyKind.FIRE,
    AlarmKind.MEDICAL: EmergencyKind.PUBLIC_HEALTH,
    AlarmKind.STAMPEDE: EmergencyKind.STAMPEDE,
    AlarmKind.OTHER: EmergencyKind.OTHER,
}


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

    def stage_times(self):
        return {
            Stage.SELF_RESCUE: self.self_rescue_at,
            Stage.MUTUAL_RESCUE: self.mutual_rescue_at,
            Stage.REINFORCEMENT: self.reinforcement_at,
        }

    def stages(self, now=None):
        """[(stage, deadline, time reached or None, state)] in order. A cancelled false alarm
        judges nothing: what was not reached is not missed."""
        now = now or timezone.now()
        out = []
        for stage, at in self.stage_times().items():
            deadline = self.raised_at + STAGE_LIMITS[stage]
            if at is not None:
                state = StageState.MET if at <= deadline else StageState.MISSED
            elif self.status == AlarmStatus.CANCELLED:
                state = None
            elif now > deadline or not self.is_active:
                state = StageState.MISSED
            else:
                state = StageState.PENDING
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


class DrillPeriod(models.TextChoices):
    TERM = "term", _("Once a term")
    QUARTER = "quarter", _("Once a quarter (within terms)")
    MONTH = "month", _("Once a month (within terms)")


class EmergencyRuleSet(models.Model):
    """A bureau's rules for its schools: how often drills are due, how soon an incident report
    must be read before it escalates."""

    org = models.OneToOneField("core.Org", on_delete=models.CASCADE, related_name="+")
    school_period = models.CharField(
        _("drills at schools"), max_length=8, choices=DrillPeriod.choices, default=DrillPeriod.TERM
    )
    kindergarten_period = models.CharField(
        _("drills at kindergartens"),
        max_length=8,
        choices=DrillPeriod.choices,
        default=DrillPeriod.TERM,
    )
    report_read_minutes = models.PositiveIntegerField(
        _("minutes before an unread incident report escalates"), default=30
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("emergency rules")
        verbose_name_plural = _("emergency rules")

    def __str__(self):
        return str(self.org)
