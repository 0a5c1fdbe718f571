"""The hazard ledger (隐患排查治理): hazards, their timeline, extensions and the deadline rules."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    FIRE = "fire", _("Fire")
    ELECTRICAL = "electrical", _("Electrical")
    STRUCTURE = "structure", _("Building structure")
    FOOD = "food", _("Food")
    TRAFFIC = "traffic", _("Traffic")
    WATER = "water", _("Water and drowning")
    LABORATORY = "laboratory", _("Laboratory and chemicals")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment")
    PUBLIC_SECURITY = "public_security", _("Public security")
    SURROUNDINGS = "surroundings", _("Surroundings")
    NETWORK = "network", _("Network")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    SELF_INSPECTION = "self_inspection", _("Self-inspection")
    PATROL = "patrol", _("Patrol")
    CHECKLIST = "checklist", _("Checklist")
    SUPERVISION = "supervision", _("Supervision visit")
    REPORT = "report", _("Report")
    CAMPAIGN = "campaign", _("Campaign")


class Grade(models.TextChoices):
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")


class Status(models.TextChoices):
    REPORTED = "reported", _("Reported")
    CONFIRMED = "confirmed", _("Confirmed")
    RECTIFYING = "rectifying", _("Rectifying")
    RECTIFIED = "rectified", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Awaiting bureau sign-off")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Not a hazard")
    MERGED = "merged", _("Merged")


OPEN_STATUSES = [
    Status.REPORTED,
    Status.CONFIRMED,
    Status.RECTIFYING,
    Status.RECTIFIED,
    Status.ACCEPTED,
]
# Statuses in which a deadline runs: overdue is derived from these and the deadline.
DEADLINE_STATUSES = [Status.RECTIFYING, Status.RECTIFIED, Status.ACCEPTED]

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code():
    # 10 characters from 32 symbols: 50 bits, not guessable by enumeration under rate limits.
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def place_name(zone_path, place):
    """Where a hazard is, as every page says it: the zone's full path, then the words added to
    it. Words that only repeat the path (a check's failure filed at its zone) are said once."""
    parts = [part for part in (zone_path, place) if part]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts.pop()
    return " · ".join(parts)


class Hazard(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="hazards")
    zone = models.ForeignKey(
        "core.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    place = models.CharField(_("place"), max_length=200)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    description = models.TextField(_("description"))
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REPORTED
    )
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices, blank=True)
    supervised = models.BooleanField(_("under bureau supervision"), default=False)

    # Reporting. An anonymous report stores no reporter anywhere, only the tracking code.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_hazards",
    )
    anonymous = models.BooleanField(default=False)
    tracking_code = models.CharField(max_length=11, unique=True, default=new_tracking_code)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    found_on = models.DateField(_("found on"))
    # Where a hazard found by a check or a patrol came from: a label and a link back to it.
    origin_label = models.CharField(_("found during"), max_length=200, blank=True)
    origin_url = models.CharField(max_length=300, blank=True)
    # The bureau whose person filed it (a supervision finding): shown as "found by" to the school.
    found_by = models.ForeignKey(
        "core.Org",
        verbose_name=_("found by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"))

    # The five items (五落实).
    responsible_unit = models.CharField(_("responsible unit"), max_length=80, blank=True)
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards_to_fix",
    )
    measures = models.TextField(_("measures"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    funds_amount = models.DecimalField(
        _("funds (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funds_source = models.CharField(_("source of funds"), max_length=80, blank=True)
    interim_measures = models.TextField(_("interim control measures"), blank=True)
    contingency_plan = models.TextField(_("contingency plan"), blank=True)

    # Rectification, acceptance, bureau sign-off.
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    supervision_deadline = models.DateField(_("supervision deadline"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    imported = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["school", "-reported_at"]),
            # The ledger filtered by status, newest first: a page deep in the list reads only
            # the rows before it in this order, not every row of the school.
            models.Index(
                fields=["school", "status", "-reported_at", "-id"], name="hazard_ledger_status_idx"
            ),
            models.Index(fields=["school", "deadline"]),
            models.Index(fields=["responsible_person", "status"]),
            models.Index(fields=["supervised", "status"]),
            # The bureau's two short lists across schools, read in deadline order.
            models.Index(
                fields=["deadline", "school"],
                condition=models.Q(status=Status.RECTIFYING),
                name="hazard_rectifying_deadline",
            ),
            models.Index(
                fields=["deadline", "school"],
                condition=models.Q(supervised=True, status__in=OPEN_STATUSES),
                name="hazard_supervised_deadline",
            ),
            # The cockpit's "supervised, due within 7 days" per school, by supervision deadline.
            models.Index(
                fields=["supervision_deadline", "school"],
                condition=models.Q(supervised=True, status__in=OPEN_STATUSES),
                name="hazard_supervised_due",
            ),
            # A bureau's lists across its schools, newest first (the API's default order): the
            # page is read off the index instead of sorting every matching row.
            models.Index(fields=["status", "-reported_at", "-id"], name="hazard_status_newest"),
            models.Index(fields=["-reported_at", "-id"], name="hazard_newest"),
            # Major hazards are a few in a hundred: the bureau's list of them has its own small
            # index, with the school so that counting them needs no table rows.
            models.Index(
                fields=["-reported_at", "-id", "school"],
                condition=models.Q(grade="major"),
                name="hazard_major_newest",
            ),
            # The bureau's "hazards closed" figure per school and period (core.metrics).
            models.Index(
                fields=["closed_at", "school"],
                condition=models.Q(status=Status.CLOSED),
                name="hazard_closed_at",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(anonymous=True, reporter__isnull=False),
                name="hazard_anonymous_has_no_reporter",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.place}"

    def get_absolute_url(self):
        return reverse("hazards:detail", args=[self.school_id, self.pk])

    @property
    def where(self):
        return place_name(self.zone.path_name if self.zone_id else "", self.place)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class HazardTally(models.Model):
    """How many hazards of a school are counted by one key: what the bureau's overview reads.

    Kept exact by `hazards.tally.apply` in the transaction of every service that changes a
    hazard, not refreshed on a timer (docs/architecture.md). Only a hazard in rectification
    keeps its deadline in the key, so that overdue is a sum over past deadlines on any day.
    """

    school = models.ForeignKey("core.Org", on_delete=models.CASCADE, related_name="hazard_tallies")
    status = models.CharField(max_length=16, choices=Status.choices)
    major = models.BooleanField()
    supervised = models.BooleanField()
    deadline = models.DateField(null=True, blank=True)
    # Not positive-only: a count gone wrong by a write that bypassed the services must not stop
    # the next service; `rebuild_hazard_tally` repairs it.
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # Two partial keys rather than one: NULL deadlines would never collide in one.
            models.UniqueConstraint(
                fields=["school", "status", "major", "supervised", "deadline"],
                condition=models.Q(deadline__isnull=False),
                name="hazard_tally_dated_key",
            ),
            models.UniqueConstraint(
                fields=["school", "status", "major", "supervised"],
                condition=models.Q(deadline__isnull=True),
                name="hazard_tally_undated_key",
            ),
        ]

    def __str__(self):
        return f"{self.school_id} {self.status} {self.deadline or ''} {self.n}"


class HazardEvent(models.Model):
    """One step of a hazard's timeline: who, when, what, with a note and photos."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True, choices=Status.choices)
    to_status = models.CharField(max_length=16, blank=True, choices=Status.choices)
    note = models.TextField(blank=True)
    photos = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["hazard", "created_at"])]

    def __str__(self):
        return f"{self.hazard_id} {self.action}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("extension request", "Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    old_deadline = models.DateField()
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["hazard"],
                condition=models.Q(status="pending"),
                name="hazard_one_pending_extension",
            )
        ]

    def __str__(self):
        return f"{self.hazard_id} → {self.new_deadline}"


class HazardRuleSet(models.Model):
    """Deadlines and reminder days for hazards, set by a bureau (or the built-in default).

    No national rule fixes day counts (rules.md §3: 一般 means "at once", 重大 follows its plan),
    so each bureau sets its own; the nearest org above a school wins.
    """

    org = models.OneToOneField(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="hazard_rules"
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=200, blank=True)
    general_days = models.PositiveSmallIntegerField(
        _("days to fix a general hazard"), validators=[MinValueValidator(1)]
    )
    major_days = models.PositiveSmallIntegerField(
        _("days to fix a major hazard"), validators=[MinValueValidator(1)]
    )
    remind_days = models.CharField(
        _("remind the responsible person this many days before"),
        max_length=40,
        help_text=_("Comma-separated, e.g. 3,1"),
    )
    principal_after_days = models.PositiveSmallIntegerField(
        _("escalate to the principal after this many days overdue"), default=3
    )

    class Meta:
        verbose_name = _("hazard rules")
        verbose_name_plural = _("hazard rules")

    def __str__(self):
        return self.name

    def reminder_days(self):
        return sorted(
            {int(d) for d in self.remind_days.split(",") if d.strip().isdigit()}, reverse=True
        )


class Reminder(models.Model):
    """A reminder or escalation already sent, so the daily run never sends it twice."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=32)
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hazard", "kind", "deadline"], name="hazard_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.hazard_id} {self.kind}"
