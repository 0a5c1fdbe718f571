"""A trip of a route on a day, and the roll call its attendant takes on the phone."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.transport.models.buses import BusRoute, Vehicle


class Direction(models.TextChoices):
    TO_SCHOOL = "to_school", _("To school")
    FROM_SCHOOL = "from_school", _("From school")


class TripStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    # The attendant ended the trip with a student who boarded and has not got off: the school
    # was alerted, and the trip stays open until every such student is found.
    UNACCOUNTED = "unaccounted", _("Student unaccounted for")
    CLOSED = "closed", _("Closed")


class Trip(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="bus_trips")
    route = models.ForeignKey(
        BusRoute, verbose_name=_("route"), on_delete=models.PROTECT, related_name="trips"
    )
    day = models.DateField(_("day"))
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=TripStatus.choices, default=TripStatus.RUNNING
    )
    # The bus and its seats as they were when the trip started: the limit the roll call holds.
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("bus"), on_delete=models.PROTECT, related_name="trips"
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    attendant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendant"),
        on_delete=models.PROTECT,
        related_name="bus_trips",
    )
    started_at = models.DateTimeField(_("started"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    alerted_at = models.DateTimeField(_("school alerted"), null=True, blank=True)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-day", "-started_at"]
        verbose_name = _("bus trip")
        verbose_name_plural = _("bus trips")
        constraints = [
            models.UniqueConstraint(
                fields=["route", "day", "direction"], name="trip_one_per_route_day_direction"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "-day", "-started_at"]),
            models.Index(fields=["school", "status", "-day"]),
            models.Index(fields=["attendant", "-day"]),
        ]

    def __str__(self):
        return f"{self.route} {self.day:%Y-%m-%d} {self.get_direction_display()}"

    def get_absolute_url(self):
        return reverse("transport:trip", args=[self.school_id, self.pk])

    def still_on_board(self):
        """Ids of the students who boarded and have neither got off nor been accounted for."""
        return still_out(self.marks)


def still_out(marks):
    """Ids of the students in `marks` (one trip's or one outing's) who went (boarded, left with
    the group) and have neither come back nor been accounted for."""
    left = marks.filter(kind__in=[MarkKind.ALIGHT, MarkKind.ACCOUNT]).values("student")
    return list(
        marks.filter(kind=MarkKind.BOARD)
        .exclude(student__in=left)
        .values_list("student_id", flat=True)
    )


class MarkKind(models.TextChoices):
    BOARD = "board", _("Boarded")
    ABSENT = "absent", _("Did not ride")
    ALIGHT = "alight", _("Got off")
    # Found after the trip ended with the student still on the list (handed to a parent at a
    # stop, stayed home after all): the note says where and by whom.
    ACCOUNT = "account", _("Accounted for")


class RollMark(models.Model):
    """One tap of a roll call, on a bus trip or an off-campus activity: a student got on (left
    with the group), got off (came back), did not come, or was found after the end."""

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("mark"), max_length=8, choices=MarkKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.student} {self.get_kind_display()}"


class TripMark(RollMark):
    """One tap of the roll call: a student boarded, got off, did not ride, or was found."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="marks")

    class Meta(RollMark.Meta):
        verbose_name = _("roll-call mark")
        verbose_name_plural = _("roll-call marks")
        constraints = [
            models.UniqueConstraint(fields=["trip", "student", "kind"], name="trip_mark_once"),
        ]
