"""The school's traffic safety (一校一策): the traffic plan as a versioned record, the crossing
posts round the school with their time bands, and the volunteers (小黄帽, parents and
community volunteers) on each post by day. The gate's 护学岗 duty log (guards, teachers and
police at the gate) stays in the gate app; the traffic page links to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrafficPlan(models.Model):
    """One version of the school's traffic organisation plan. A change is a new version: the
    latest is in force and the earlier ones are kept as they were adopted."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="traffic_plans")
    version = models.PositiveSmallIntegerField(_("version"))
    peak_times = models.TextField(_("peak times"))
    zones = models.TextField(_("pick-up and drop-off zones"))
    routes = models.TextField(_("walking and vehicle routes"))
    crossings = models.TextField(_("crossings and their posts"), blank=True)
    contacts = models.TextField(_("contacts (traffic police, street office, school)"))
    follows = models.CharField(_("follows (source or reference)"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("traffic plan")
        verbose_name_plural = _("traffic plans")
        constraints = [
            models.UniqueConstraint(fields=["school", "version"], name="traffic_plan_version")
        ]

    def __str__(self):
        return f"{self.school} v{self.version}"


class CrossingPost(models.Model):
    """A place near the school where volunteers or staff see children across, and when."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="crossing_posts")
    place = models.CharField(_("crossing place"), max_length=120)
    starts = models.TimeField(_("post starts"))
    ends = models.TimeField(_("post ends"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["starts", "place", "pk"]
        verbose_name = _("crossing post")
        verbose_name_plural = _("crossing posts")
        indexes = [models.Index(fields=["school", "is_active", "starts"])]

    def __str__(self):
        return f"{self.place} {self.starts:%H:%M}–{self.ends:%H:%M}"


class VolunteerShift(models.Model):
    """A volunteer (小黄帽) on a crossing post on a day."""

    post = models.ForeignKey(CrossingPost, on_delete=models.CASCADE, related_name="shifts")
    day = models.DateField(_("day"))
    name = models.CharField(_("volunteer"), max_length=40)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["day", "post", "name", "pk"]
        verbose_name = _("volunteer shift")
        verbose_name_plural = _("volunteer roster")
        constraints = [
            models.UniqueConstraint(fields=["post", "day", "name"], name="volunteer_once_a_day")
        ]
        indexes = [models.Index(fields=["post", "day"])]

    def __str__(self):
        return f"{self.day} {self.name}"
