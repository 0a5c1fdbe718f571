"""Patrols (巡查/巡更): checkpoints with QR labels, routes with time windows, rounds and scans."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The QR label's text: a prefix, the school's id and the checkpoint's random token. The school
# id lets a scanner recognise a label of another school and refuse it by name.
QR_PREFIX = "SCP1"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_token():
    # 16 symbols of 32: 80 bits, so a label cannot be forged by guessing.
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))


class PatrolRules(models.Model):
    """How many patrols of key areas a school must run a day, and the default tolerance.

    GB/T 29315-2022 asks for at least five patrols of key areas a day (rules.md §1, read from
    secondary sources), so five is the default; a bureau can set its own figure.
    """

    org = models.OneToOneField(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="patrol_rules"
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200, blank=True)
    min_rounds_per_day = models.PositiveSmallIntegerField(
        _("patrols of key areas per day, at least"),
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    tolerance_minutes = models.PositiveSmallIntegerField(
        _("default lateness tolerance (minutes)"), validators=[MaxValueValidator(120)]
    )
    late_limit_minutes = models.PositiveSmallIntegerField(
        _("a started round may go on this long after its window (minutes)"),
        validators=[MinValueValidator(0), MaxValueValidator(720)],
    )

    class Meta:
        verbose_name = _("patrol rules")
        verbose_name_plural = _("patrol rules")

    def __str__(self):
        return self.name


class Checkpoint(models.Model):
    """A place a guard must pass, tied to a zone, with a short code and a QR label."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="checkpoints")
    zone = models.ForeignKey(
        "core.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="checkpoints"
    )
    name = models.CharField(_("name"), max_length=80)
    code = models.CharField(
        _("short code"),
        max_length=8,
        help_text=_("Typed on the phone when the label cannot be scanned, e.g. G1."),
    )
    token = models.CharField(max_length=16, unique=True, default=new_token, editable=False)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="checkpoint_unique_code")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def qr_text(self):
        return f"{QR_PREFIX}:{self.school_id}:{self.token}"


class Route(models.Model):
    """An ordered list of checkpoints walked in one or more time windows a day."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="patrol_routes")
    name = models.CharField(_("name"), max_length=80)
    guard = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("guard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patrol_routes",
        help_text=_("Leave empty: any guard of the school walks it."),
    )
    every_day = models.BooleanField(
        _("every day"),
        default=False,
        help_text=_("Boarding dormitory rounds run every day; others only on school days."),
    )
    key_areas = models.BooleanField(
        _("patrol of key areas"),
        default=True,
        help_text=_("Counts towards the patrols of key areas a day that the rules ask for."),
    )
    active = models.BooleanField(_("in use"), default=True)
    checkpoints = models.ManyToManyField(Checkpoint, through="RouteStop", related_name="routes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class RouteStop(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stops")
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="stops")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["route", "position"]
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="stop_unique_position"),
            models.UniqueConstraint(fields=["route", "checkpoint"], name="stop_unique_checkpoint"),
        ]

    def __str__(self):
        return f"{self.position + 1}. {self.checkpoint_id}"


class WindowKind(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    LUNCH = "lunch", _("Lunch")
    DISMISSAL = "dismissal", _("Dismissal")
    EVENING = "evening", _("Evening")
    NIGHT = "night", _("Night round")
    OTHER = "other", _("Other")


class RouteWindow(models.Model):
    """When a route is walked. An end before the start runs past midnight (a night round)."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="windows")
    kind = models.CharField(_("window"), max_length=16, choices=WindowKind.choices)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    tolerance_minutes = models.PositiveSmallIntegerField(
        _("lateness tolerance (minutes)"), default=10, validators=[MaxValueValidator(120)]
    )
    # A window taken off a route that already has rounds stays, unused, for their history.
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("time window")
        verbose_name_plural = _("time windows")
        ordering = ["route", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(start=models.F("end")), name="window_not_empty"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class RoundStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Completed")
    INCOMPLETE = "incomplete", _("Incomplete")
    MISSED = "missed", _("Missed")


OPEN_ROUND_STATUSES = [RoundStatus.SCHEDULED, RoundStatus.IN_PROGRESS]


class Round(models.Model):
    """One walk of a route in one window on one day. Its checkpoints are fixed when it is made,
    so editing the route later does not rewrite past rounds."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="patrol_rounds")
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="rounds")
    window = models.ForeignKey(RouteWindow, on_delete=models.PROTECT, related_name="rounds")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # After this a round still open is closed: missing checkpoints can no longer be scanned.
    closes_at = models.DateTimeField()
    tolerance_minutes = models.PositiveSmallIntegerField(default=10)
    planned = models.JSONField(default=list)  # checkpoint ids in route order
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.SCHEDULED
    )
    guard = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("guard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patrol_rounds",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Counts kept when the round closes, so oversight pages sum them without reading scans.
    visited_count = models.PositiveSmallIntegerField(default=0)
    late_count = models.PositiveSmallIntegerField(default=0)
    out_of_order_count = models.PositiveSmallIntegerField(default=0)
    problem_count = models.PositiveSmallIntegerField(default=0)
    # Checkpoints whose code was typed, not scanned: the fallback for a broken camera or label,
    # and the first thing to look at when a round seems too good. The database default lets bulk
    # loaders that name their columns (the city generator) leave it out.
    typed_count = models.PositiveSmallIntegerField(default=0, db_default=0)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "window", "date"], name="round_unique_per_window_and_day"
            )
        ]
        indexes = [
            models.Index(fields=["school", "date"]),
            models.Index(fields=["status", "ends_at"]),
            models.Index(fields=["status", "closes_at"]),
        ]

    def __str__(self):
        return self.label(self.route.name, self.window.kind)

    def get_absolute_url(self):
        return reverse("patrols:round", args=[self.school_id, self.pk])

    def label(self, route_name, window_kind):
        """The round's name, from its route's name and its window's kind when they were read
        with it (the batch scan path) rather than loaded one by one."""
        kind = dict(WindowKind.choices).get(window_kind, window_kind)
        return f"{route_name} · {self.date:%Y-%m-%d} {kind}"


class ScanMethod(models.TextChoices):
    QR = "qr", _("QR label")
    CODE = "code", _("Typed code")


class Scan(models.Model):
    """A checkpoint passed in a round. The phone's clock and the server's are both kept."""

    # Looked up through the (round, scanned_at) index below: one index less to write a scan.
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="scans", db_index=False)
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="scans")
    client_uuid = models.UUIDField(unique=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patrol_scans"
    )
    method = models.CharField(_("scan method"), max_length=8, choices=ScanMethod.choices)
    # The time the completion is judged by: the phone's, when it is plausible (see services).
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"))
    recorded_at = models.DateTimeField(_("phone time"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Few scans have a photo or file a hazard: their indexes hold only those that do (below).
    photo = models.ForeignKey(
        "core.Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    problem = models.BooleanField(_("something wrong"), default=False)
    hazard = models.ForeignKey(
        "hazards.Hazard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["scanned_at", "pk"]
        indexes = [
            models.Index(fields=["round", "scanned_at"]),
            models.Index(fields=["photo"], condition=Q(photo__isnull=False), name="scan_photo"),
            models.Index(fields=["hazard"], condition=Q(hazard__isnull=False), name="scan_hazard"),
        ]

    def __str__(self):
        return f"{self.checkpoint} {timezone.localtime(self.scanned_at):%H:%M}"

    @property
    def sent_later(self):
        """Queued on the phone and sent more than a minute after it was scanned."""
        return (self.received_at - self.scanned_at).total_seconds() > 60
