"""The gate (门卫管理, 封闭化管理): visits, the watchlist, exit permits, pick-ups, confiscations
and the gate duty log."""

import secrets
from datetime import time

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.students.masking import mask_id, mask_phone


def new_pass_code():
    """Eight characters a guard can type when the QR will not scan (no 0/O, 1/I confusion)."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _i in range(8))


class GateSettings(models.Model):
    """Per school: when children must have been picked up, and a visit's default stay."""

    school = models.OneToOneField(
        "core.Org", on_delete=models.CASCADE, related_name="gate_settings"
    )
    closing_time = models.TimeField(_("pick-up closing time"), default=time(17, 30))
    default_stay_minutes = models.PositiveSmallIntegerField(
        _("default visit length (minutes)"), default=60
    )

    class Meta:
        verbose_name = _("gate settings")
        verbose_name_plural = _("gate settings")

    def __str__(self):
        return str(self.school)


class ContactDetails(models.Model):
    """How a person at the gate is identified and reached, shown masked outside their record."""

    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    photo = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def masked_id(self):
        return mask_id(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


class IdType(models.TextChoices):
    RESIDENT = "resident", _("Resident ID card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit (HK/Macao/Taiwan)")
    OTHER = "other", _("Other document")


class VisitStatus(models.TextChoices):
    EXPECTED = "expected", _("Pre-registered")
    HELD = "held", _("Held: watchlist match")
    ON_CAMPUS = "on_campus", _("On campus")
    LEFT = "left", _("Left")
    REFUSED = "refused", _("Refused entry")


class Visit(ContactDetails):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="visits")
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.EXPECTED
    )
    name = models.CharField(_("visitor"), max_length=40)
    id_type = models.CharField(
        _("ID type"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT
    )
    organisation = models.CharField(_("organisation"), max_length=80, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_visits",
    )
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=16, blank=True)
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    stay_minutes = models.PositiveSmallIntegerField(_("expected stay (minutes)"), default=60)
    pass_code = models.CharField(max_length=8, unique=True, default=new_pass_code, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    expected_out_at = models.DateTimeField(_("expected out"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    watchlist_entry = models.ForeignKey(
        "gate.WatchlistEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="hits"
    )
    override_reason = models.CharField(_("override reason"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["school", "checked_in_at"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("gate:visit", args=[self.school_id, self.pk])


class WatchlistAction(models.TextChoices):
    DENY = "deny", _("Do not admit")
    WATCH = "watch", _("Admit only with care: watch")


class WatchlistEntry(ContactDetails):
    """A person a school, or a bureau for every school under it, must not admit or must watch."""

    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="watchlist")
    name = models.CharField(_("name"), max_length=40)
    action = models.CharField(
        _("action"), max_length=8, choices=WatchlistAction.choices, default=WatchlistAction.DENY
    )
    reason = models.CharField(_("reason"), max_length=200)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    listed_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("watchlist entry")
        verbose_name_plural = _("watchlist")
        ordering = ["-listed_at", "-pk"]

    def __str__(self):
        return self.name


class ExitStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    OUT = "out", _("Out")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


class ExitPermit(models.Model):
    """A student's permission to leave school early (the head teacher's approval)."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="exit_permits")
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="exit_permits",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ExitStatus.choices, default=ExitStatus.APPROVED
    )
    reason = models.CharField(_("reason"), max_length=200)
    leave_from = models.DateTimeField(_("leaving from"))
    return_by = models.DateTimeField(_("returning by"), null=True, blank=True)
    accompanying_adult = models.CharField(_("accompanying adult"), max_length=60, blank=True)
    pass_code = models.CharField(max_length=8, unique=True, default=new_pass_code, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exited_at = models.DateTimeField(_("left at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exit permit")
        verbose_name_plural = _("exit permits")
        ordering = ["-leave_from", "-pk"]
        # A guardian's page lists one child's exits, newest first.
        indexes = [models.Index(fields=["student", "-exited_at"], name="exit_student_exited")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(return_by__isnull=True)
                | models.Q(return_by__gt=models.F("leave_from")),
                name="exit_return_after_leave",
            )
        ]

    def __str__(self):
        return f"{self.student} · {self.reason}"

    def get_absolute_url(self):
        return reverse("gate:exit", args=[self.school_id, self.pk])


class PickupPerson(ContactDetails):
    """Someone a kindergarten may hand a child to, added on the guardian's recorded consent."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="pickup_persons"
    )
    name = models.CharField(_("name"), max_length=40)
    relation = models.CharField(_("relation"), max_length=20)
    # Required here: the kindergarten must be able to call whoever it hands a child to.
    phone = models.CharField(_("phone"), max_length=20)
    consent = models.CharField(_("guardian's consent"), max_length=200)
    consent_by = models.CharField(_("consent given by"), max_length=40)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("authorised pick-up person")
        verbose_name_plural = _("authorised pick-up persons")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name} ({self.relation})"


class PickupOutcome(models.TextChoices):
    HANDED_OVER = "handed_over", _("Handed over")
    REFUSED = "refused", _("Refused: not authorised")


class PickupRecord(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="pickups")
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="pickups"
    )
    day = models.DateField(_("day"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=PickupOutcome.choices)
    person = models.ForeignKey(
        PickupPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="pickups"
    )
    # Who came, as they said, when they were not on the list (the refusal's record).
    claimed_name = models.CharField(_("person at the gate"), max_length=40, blank=True)
    claimed_relation = models.CharField(_("says they are"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("pick-up")
        verbose_name_plural = _("pick-ups")
        ordering = ["-at", "-pk"]
        # A guardian's page lists one child's pick-ups, newest first.
        indexes = [models.Index(fields=["student", "-at"], name="pickup_student_at")]
        constraints = [
            # A child's day is closed by one hand-over.
            models.UniqueConstraint(
                fields=["student", "day"],
                condition=models.Q(outcome="handed_over"),
                name="pickup_one_handover_a_day",
            )
        ]

    def __str__(self):
        return f"{self.student} · {self.day}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the school")
    CONFIRMED = "confirmed", _("Confirmed by the school")
    REFUSED = "refused", _("Refused by the school")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PickupProposal(models.Model):
    """A person a guardian proposes from their phone to pick up their child. Only the school's
    confirmation makes them an authorised pick-up person (`person`), so nobody reaches the
    gate's pick-up check on a guardian's word alone."""

    school = models.ForeignKey(
        "core.Org", on_delete=models.PROTECT, related_name="pickup_proposals"
    )
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("child"),
        on_delete=models.PROTECT,
        related_name="pickup_proposals",
    )
    account = models.ForeignKey(
        "students.GuardianAccount", on_delete=models.PROTECT, related_name="pickup_proposals"
    )
    # The guardian's name as the school has it on the child's record, when they proposed.
    proposed_by = models.CharField(_("proposed by"), max_length=40)
    name = models.CharField(_("name"), max_length=40)
    relation = models.CharField(_("relation"), max_length=20)
    phone = models.CharField(_("phone"), max_length=20)
    photo = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    person = models.OneToOneField(
        PickupPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal"
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposed pick-up person")
        verbose_name_plural = _("proposed pick-up persons")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The school's list: waiting ones first, newest first.
            models.Index(fields=["school", "status", "-created_at"], name="proposal_school"),
            # The guardian's list of one child.
            models.Index(fields=["student", "-created_at"], name="proposal_student"),
        ]

    def __str__(self):
        return f"{self.name} ({self.relation})"

    def get_absolute_url(self):
        return reverse("gate:proposal", args=[self.school_id, self.pk])

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


class ItemKind(models.TextChoices):
    KNIFE = "knife", _("Controlled knife")
    LIGHTER = "lighter", _("Lighter")
    FIREWORKS = "fireworks", _("Fireworks")
    OTHER = "other", pgettext_lazy("item", "Other")


class Handling(models.TextChoices):
    KEPT = "kept", _("Kept by the school")
    RETURNED = "returned", _("Returned to the guardian")
    POLICE = "police", _("Handed to the police")


class Confiscation(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="confiscations")
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    item = models.CharField(_("item"), max_length=120)
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confiscations",
    )
    place = models.CharField(_("place"), max_length=80)
    found_at = models.DateTimeField(_("found at"))
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("found by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling = models.CharField(_("handling"), max_length=16, choices=Handling.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("confiscation")
        verbose_name_plural = _("confiscations")
        ordering = ["-found_at", "-pk"]

    def __str__(self):
        return self.item


class DutySession(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    DISMISSAL = "dismissal", _("Dismissal")


class DutyLog(models.Model):
    """Who stood at the gate at arrival or dismissal (护学岗), and whether barriers were up."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="duty_logs")
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    day = models.DateField(_("day"))
    session = models.CharField(_("session"), max_length=16, choices=DutySession.choices)
    guards = models.PositiveSmallIntegerField(_("guards"), default=0)
    teachers = models.PositiveSmallIntegerField(_("teachers"), default=0)
    police = models.PositiveSmallIntegerField(_("police"), default=0)
    barriers = models.BooleanField(_("barriers in place"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gate duty")
        verbose_name_plural = _("gate duty log")
        ordering = ["-day", "session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "day", "session"], name="duty_one_a_session")
        ]

    def __str__(self):
        return f"{self.day} {self.get_session_display()}"


class Release(models.Model):
    """A student handed over after an incident (reunification): only to a guardian or an
    authorised pick-up person on the student's list, with their ID checked."""

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="releases")
    roll = models.ForeignKey("students.Roll", on_delete=models.PROTECT, related_name="releases")
    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="releases"
    )
    guardian = models.ForeignKey(
        "students.Guardian", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        PickupPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="releases"
    )
    # Who the student went with, as shown then (the list may change later).
    released_to = models.CharField(_("handed to"), max_length=80)
    id_type = models.CharField(_("ID checked"), max_length=16, choices=IdType.choices)
    id_last4 = models.CharField(_("last 4 characters of the ID"), max_length=4)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(_("handed over at"))
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("reunification hand-over")
        verbose_name_plural = _("reunification hand-overs")
        ordering = ["-released_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["roll", "student"], name="release_once_a_roll"),
        ]

    def __str__(self):
        return f"{self.student} → {self.released_to}"
