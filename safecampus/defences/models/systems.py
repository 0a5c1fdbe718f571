"""Technical systems (技防): what a school runs where (video with its cameras and storage,
intrusion and perimeter alarms, access control, one-key alarm boxes), whether each is linked to
the police, and the periodic tests recorded from a phone. The test interval of each type is rule
data with its source (rules.md §1: Changzhou monthly, Yiwu quarterly for the one-key alarm)."""

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SystemType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    # Days between periodic tests; the test's due day is the last test plus this.
    test_every_days = models.PositiveSmallIntegerField(
        _("test every (days)"), validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )
    # Video: cameras are counted and the storage's retention is judged against the rule set.
    is_video = models.BooleanField(_("video with cameras and storage"), default=False)
    # A one-key alarm box: the "four 100%" figure asks that it be linked to the police.
    is_alarm_box = models.BooleanField(_("one-key alarm box"), default=False)
    # Access control and intrusion/perimeter alarms: what keeps a gate shut to outsiders, one
    # half of closed management (封闭化管理) as the defences compute it.
    closes_entry = models.BooleanField(_("keeps an entrance closed"), default=False)
    source = models.CharField(_("source"), max_length=300)
    unsure = models.CharField(_("not confirmed"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("technical system type")
        verbose_name_plural = _("technical system types")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class TechSystem(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="tech_systems")
    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="tech_systems", verbose_name=_("place")
    )
    kind = models.ForeignKey(
        SystemType, on_delete=models.PROTECT, related_name="systems", verbose_name=_("type")
    )
    name = models.CharField(_("name"), max_length=80, blank=True)
    cameras = models.PositiveIntegerField(
        _("cameras"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    cameras_working = models.PositiveIntegerField(
        _("cameras working"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    retention_days = models.PositiveSmallIntegerField(
        _("video kept (days)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    police_linked = models.BooleanField(_("linked to the police"), default=False)
    # A one-key alarm box's device in the emergencies module (core.alarm_devices): its id, not
    # a foreign key, since feature apps do not import each other.
    alarm_device_id = models.PositiveBigIntegerField(_("alarm device"), null=True, blank=True)
    installed_on = models.DateField(_("installed on"))
    last_tested_on = models.DateField(_("last tested on"), null=True, blank=True)
    # The latest test's result (None: never tested); a fact of that test, not a derived state.
    last_test_ok = models.BooleanField(null=True, blank=True)
    # Installed (or last tested) + the type's interval, set by the services.
    test_due_on = models.DateField(_("next test due"))
    retired_on = models.DateField(_("out of use since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("technical system")
        verbose_name_plural = _("technical systems")
        ordering = ["zone__path_name", "kind__position", "pk"]
        indexes = [
            models.Index(fields=["school", "retired_on", "test_due_on"]),
            models.Index(fields=["school", "retired_on", "last_test_ok"]),
        ]

    def __str__(self):
        return f"{self.kind}{' · ' + self.name if self.name else ''}"

    def get_absolute_url(self):
        return reverse("defences:system", args=[self.pk])

    @property
    def working(self):
        """In use and its last test did not fail (untested since installation counts as
        working: an overdue test is its own state); a video system with a camera working."""
        if self.retired_on is not None or self.last_test_ok is False:
            return False
        return not self.kind.is_video or bool(self.cameras_working)

    @property
    def cameras_down(self):
        if self.cameras is None or self.cameras_working is None:
            return 0
        return max(0, self.cameras - self.cameras_working)


def due_after(day, kind):
    return day + timedelta(days=kind.test_every_days)


class SystemTest(models.Model):
    system = models.ForeignKey(TechSystem, on_delete=models.CASCADE, related_name="tests")
    tested_on = models.DateField(_("tested on"))
    ok = models.BooleanField(_("works"))
    cameras_working = models.PositiveIntegerField(_("cameras working"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    tested_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    hazard = models.ForeignKey(
        "hazards.Hazard", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("technical system test")
        verbose_name_plural = _("technical system tests")
        ordering = ["-tested_on", "-pk"]
        indexes = [models.Index(fields=["system", "tested_on"])]

    def __str__(self):
        return f"{self.system} {self.tested_on}"
