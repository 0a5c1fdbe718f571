"""Checklists (清单化) and the day's routine of checks (流程化).

A template's items live in versions: once a version has been used by an inspection it is
frozen, and editing the template starts a new version, so a past inspection always shows the
items it was answered against.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.hazards.models import Category


class Area(models.TextChoices):
    GATE = "gate", _("Gate")
    DORMITORY = "dormitory", _("Dormitory")
    CANTEEN = "canteen", _("Canteen")
    FIRE = "fire", _("Fire equipment")
    LABORATORY = "laboratory", _("Laboratory and chemicals")
    BUILDING = "building", _("Buildings")
    ELECTRICAL = "electrical", _("Electrical wiring")
    COMPREHENSIVE = "comprehensive", _("Comprehensive")
    SCHOOL_BUS = "school_bus", _("School bus")
    DUTY = "duty", _("Duty rounds")
    OTHER = "other", _("Other")


class ItemKind(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass / fail / not applicable")
    NUMBER = "number", _("Number in a range")
    TEXT = "text", _("Text")
    PHOTO = "photo", _("Photo")


class ChecklistTemplate(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="checklists")
    name = models.CharField(_("name"), max_length=120)
    area = models.CharField(_("area"), max_length=24, choices=Area.choices)
    description = models.TextField(_("description"), blank=True)
    # The starter-library entry it was copied from, so a school adopts each entry once.
    library_key = models.CharField(max_length=40, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="checklist_unique_name")
        ]

    def __str__(self):
        return self.name


class TemplateVersion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="version_unique_number")
        ]

    def __str__(self):
        return f"{self.template} v{self.number}"


class ChecklistItem(models.Model):
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    group = models.CharField(_("group"), max_length=60, blank=True)
    text = models.CharField(pgettext_lazy("checklist", "item"), max_length=200)
    kind = models.CharField(
        _("answer"), max_length=16, choices=ItemKind.choices, default=ItemKind.PASS_FAIL
    )
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    min_value = models.DecimalField(
        _("lowest allowed"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest allowed"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    photo_on_fail = models.BooleanField(_("photo required when failed"), default=True)
    category = models.CharField(
        _("hazard category"), max_length=24, choices=Category.choices, default=Category.OTHER
    )

    class Meta:
        ordering = ["version", "position", "pk"]

    def __str__(self):
        return self.text

    def can_fail(self):
        """Text and photo answers record; only pass/fail and numbers can fail."""
        return self.kind in (ItemKind.PASS_FAIL, ItemKind.NUMBER)


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Recurrence(models.TextChoices):
    DAILY = "daily", pgettext_lazy("recurrence", "Every day")
    WEEKDAYS = "weekdays", pgettext_lazy("recurrence", "Monday to Friday")
    WEEKLY = "weekly", pgettext_lazy("recurrence", "Weekly")
    MONTHLY = "monthly", pgettext_lazy("recurrence", "Monthly")
    TERM = "term", pgettext_lazy("recurrence", "Each semester")
    DATE_RANGE = "date_range", pgettext_lazy("recurrence", "Every day in a date range")


class Publication(models.Model):
    """A bureau's checklist with a schedule, published to its schools (all or a filtered set):
    one Schedule per school, owned by the publication, which the schools cannot change."""

    bureau = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    # Who does it at each school: the holder of the school's post of this kind.
    post_kind = models.CharField(_("done by the post"), max_length=24)
    recurrence = models.CharField(_("repeats"), max_length=16, choices=Recurrence.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True)
    day_number = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    at = models.TimeField(_("from"))
    window_minutes = models.PositiveIntegerField(_("minutes to do it"), default=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    school_days_only = models.BooleanField(_("school days only"), default=True)
    # core.targets: the filter the schools were chosen by, kept to show what the bureau chose.
    target = models.JSONField(default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("published check")
        verbose_name_plural = _("published checks")
        indexes = [models.Index(fields=["bureau", "-published_at"])]

    def __str__(self):
        return f"{self.template} · {self.get_recurrence_display()}"

    def get_absolute_url(self):
        return reverse("inspections:publication", args=[self.bureau_id, self.pk])

    @property
    def weekday_name(self):
        return dict(WEEKDAYS).get(self.weekday, "")


class Schedule(models.Model):
    """Who checks what, when: a template given to a post, a person or a zone's responsible."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="check_schedules")
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="schedules",
    )
    post = models.ForeignKey(
        "core.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    zone = models.ForeignKey(
        "core.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recurrence = models.CharField(_("repeats"), max_length=16, choices=Recurrence.choices)
    # Weekly: 0 = Monday. Monthly: day of month (a short month uses its last day). Term: the
    # n-th school day of each semester.
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True)
    day_number = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    at = models.TimeField(_("from"))
    window_minutes = models.PositiveIntegerField(_("minutes to do it"), default=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    school_days_only = models.BooleanField(_("school days only"), default=True)
    active = models.BooleanField(_("active"), default=True)
    # Set when the bureau published it: the school sees it and cannot change or stop it.
    publication = models.ForeignKey(
        Publication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schedules",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check schedule")
        verbose_name_plural = _("check schedules")

    def __str__(self):
        return f"{self.template} · {self.get_recurrence_display()}"

    @property
    def weekday_name(self):
        return dict(WEEKDAYS).get(self.weekday, "")

    @property
    def assignee_label(self):
        return str(self.post or self.person or self.zone or "")


class TaskStatus(models.TextChoices):
    DUE = "due", _("To do")
    DONE = "done", _("Done")
    MISSED = "missed", pgettext_lazy("check", "Missed")


class CheckTask(models.Model):
    """One occurrence of a schedule: a check due in a window of one day."""

    schedule = models.ForeignKey(Schedule, on_delete=models.PROTECT, related_name="tasks")
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey("core.Post", null=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    zone = models.ForeignKey("core.Zone", null=True, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    due_from = models.DateTimeField(_("due from"))
    due_by = models.DateTimeField(_("due by"))
    status = models.CharField(
        _("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.DUE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schedule", "day"], name="task_unique_occurrence")
        ]
        indexes = [
            models.Index(fields=["school", "day"]),
            models.Index(fields=["status", "due_by"]),
        ]

    def __str__(self):
        return f"{self.template} {self.day:%Y-%m-%d}"


class Outcome(models.TextChoices):
    PASS = "pass", pgettext_lazy("outcome", "Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")
    RECORDED = "recorded", _("Recorded")


class Inspection(models.Model):
    """A completed check: read-only once saved."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="inspections")
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="inspections"
    )
    task = models.OneToOneField(
        CheckTask, null=True, blank=True, on_delete=models.PROTECT, related_name="inspection"
    )
    zone = models.ForeignKey(
        "core.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspections"
    )
    client_uuid = models.UUIDField(unique=True)
    # The phone's clock when it was done (it may have been offline), beside the server's.
    device_time = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    late = models.BooleanField(pgettext_lazy("check", "late"), default=False)
    failed_count = models.PositiveIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [models.Index(fields=["school", "submitted_at"])]

    def __str__(self):
        return f"{self.version.template} {timezone.localtime(self.submitted_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("inspections:detail", args=[self.school_id, self.pk])


class InspectionResult(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    number = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    photos = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    hazard = models.OneToOneField(
        "hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["item__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="result_unique_item")
        ]

    def __str__(self):
        return f"{self.item} · {self.get_outcome_display()}"
