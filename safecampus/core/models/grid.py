"""The grid (网格): a school's zones, and its posts with their safety duties (一岗双责)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# How a place is named everywhere: building › floor › room.
PATH_SEPARATOR = " › "


def zone_path(parent_path, name):
    """The full path of a zone named `name` inside a zone whose path is `parent_path`."""
    return f"{parent_path}{PATH_SEPARATOR}{name}" if parent_path else name


class ZoneKind(models.TextChoices):
    BUILDING = "building", _("Building")
    FLOOR = "floor", _("Floor")
    ROOM = "room", _("Room")
    GATE = "gate", _("Gate")
    CANTEEN = "canteen", _("Canteen")
    DORMITORY = "dormitory", _("Dormitory")
    LABORATORY = "laboratory", _("Laboratory")
    SPORTS_GROUND = "sports_ground", _("Sports ground")
    PERIMETER = "perimeter", _("Perimeter")
    OTHER = "other", _("Other")


class Zone(models.Model):
    """A place on campus with a responsible person. Zones nest: building → floor → room."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="zones")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=80)
    # The full path, stored so lists and exports name a place without joining its parents;
    # the zone services rewrite it for the zone and every descendant on a rename or move.
    path_name = models.CharField(_("full path"), max_length=300, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ZoneKind.choices)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_zones",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["name"]
        indexes = [models.Index(fields=["school", "parent"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "parent", "name"],
                condition=models.Q(parent__isnull=False),
                name="zone_unique_name_in_parent",
            ),
            models.UniqueConstraint(
                fields=["school", "name"],
                condition=models.Q(parent__isnull=True),
                name="zone_unique_name_at_top",
            ),
        ]

    def __str__(self):
        return self.path_name or self.name

    def save(self, *args, **kwargs):
        # A row's own path follows from its parent's; keeping descendants in step is the
        # zone services' work (one bulk update), not this method's.
        self.path_name = zone_path(self.parent.path_name if self.parent_id else "", self.name)
        super().save(*args, **kwargs)


class PostKind(models.TextChoices):
    PRINCIPAL = "principal", _("Principal")
    SAFETY_OFFICER = "safety_officer", _("Safety officer")
    HEAD_TEACHER = "head_teacher", _("Head teacher")
    DUTY_TEACHER = "duty_teacher", _("Duty teacher")
    GUARD = "guard", _("Guard")
    CANTEEN_MANAGER = "canteen_manager", _("Canteen manager")
    LAB_MANAGER = "lab_manager", _("Laboratory manager")
    DORM_MANAGER = "dorm_manager", _("Dormitory manager")
    DRIVER = "driver", _("Driver / bus attendant")
    SCHOOL_DOCTOR = "school_doctor", _("School doctor")
    OTHER = "other", _("Other")


class Post(models.Model):
    """A post (岗位) of a school with its written safety duties."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="posts")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=24, choices=PostKind.choices)
    duties = models.TextField(_("safety duties"))
    # Where the holder stands on duty (the guard's gatehouse): an alarm they raise is placed
    # here unless they pick another zone.
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        help_text=_("Where the holder stands on duty: their alarms are placed here first."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="post_unique_name")]

    def __str__(self):
        return self.name


class PostAssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class PostAssignment(models.Model):
    """A person holding a post from one time to another. Ended rows stay as history."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="post_assignments"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = PostAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("post assignment")
        verbose_name_plural = _("post assignments")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="post_assignment_one_active",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.post}"
