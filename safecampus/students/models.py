"""Classes and students (minors' data: need-to-know, masked in lists, each full view audited)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.students.masking import mask_id, mask_phone


class SchoolClass(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="classes")
    grade = models.PositiveSmallIntegerField(_("grade"))
    name = models.CharField(_("class name"), max_length=40)
    head_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head teacher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes_headed",
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "grade", "name"], name="class_unique_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("students:class", args=[self.school_id, self.pk])


class Student(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="students")
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="students"
    )
    name = models.CharField(_("name"), max_length=40)
    student_number = models.CharField(_("student number"), max_length=32)
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    is_active = models.BooleanField(_("enrolled"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school_class__grade", "school_class__name", "student_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student_number"], name="student_unique_number"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("students:detail", args=[self.school_id, self.pk])

    @property
    def masked_id(self):
        return mask_id(self.id_number)


class Guardian(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardians")
    name = models.CharField(_("guardian"), max_length=40)
    relation = models.CharField(_("relation"), max_length=20)
    phone = models.CharField(_("phone"), max_length=20)

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name} ({self.relation})"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


class GuardianLetter(models.Model):
    """A letter or notice sent to one guardian, acknowledged by link or on their phone page.

    Each copy has a random link: opening it and confirming with their name is the recorded
    acknowledgement; a guardian logged in by phone (GuardianAccount) acknowledges under the
    name on record.
    """

    letter = models.ForeignKey(
        "core.ResponsibilityLetter", on_delete=models.PROTECT, related_name="guardian_copies"
    )
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="letters")
    token = models.CharField(max_length=43, unique=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_name = models.CharField(_("acknowledged as"), max_length=40, blank=True)
    # The SMS reminder sent once to a guardian who had not acknowledged after the delay.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter to a guardian")
        verbose_name_plural = _("letters to guardians")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "guardian"], name="guardian_letter_unique")
        ]
        indexes = [
            # The reminder sweep reads only the copies still waiting, by when they were sent.
            models.Index(
                fields=["sent_at"],
                condition=models.Q(acknowledged_at__isnull=True, reminded_at__isnull=True),
                name="guardian_letter_to_remind",
            )
        ]

    def __str__(self):
        return f"{self.letter} · {self.guardian}"


class GuardianAccount(models.Model):
    """A guardian's own login: the mobile number on their children's records, confirmed by a
    one-time code sent to it. The account sees only the students whose guardian rows carry
    the same number (students.family)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="guardian_account"
    )
    phone = models.CharField(_("phone"), max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("guardian account")
        verbose_name_plural = _("guardian accounts")

    def __str__(self):
        return mask_phone(self.phone)


class PhoneCode(models.Model):
    """A one-time login code sent by SMS, kept only as a keyed hash; it expires, is used once,
    and its failed tries count towards the number's lockout."""

    phone = models.CharField(max_length=20)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["phone", "-created_at"])]

    def __str__(self):
        return f"{mask_phone(self.phone)} {self.created_at:%Y-%m-%d %H:%M}"


class Consent(models.Model):
    """A guardian's consent to the school processing their child's personal data (PIPL §31,
    under-14s): given or withdrawn on the guardian's phone page, each act audited."""

    account = models.ForeignKey(GuardianAccount, on_delete=models.PROTECT, related_name="consents")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consents")
    given_at = models.DateTimeField(_("given at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["account", "student"], name="consent_unique")
        ]

    def __str__(self):
        return f"{self.account} · {self.student}"


class RollStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Roll(models.Model):
    """The roll of every class taken during an alarm or an evacuation drill (domain.md §15).

    Opened by the module the event belongs to (an alarm, a drill), which names it with a label,
    a link back and a key of its own (`alarm:12`), so the same event never opens two rolls.
    """

    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="rolls")
    key = models.CharField(max_length=40, unique=True)
    label = models.CharField(_("event"), max_length=120)
    origin_url = models.CharField(max_length=200, blank=True)
    is_drill = models.BooleanField(_("drill"), default=False)
    status = models.CharField(max_length=8, choices=RollStatus.choices, default=RollStatus.OPEN)
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("rolls")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "-opened_at"])]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("students:roll", args=[self.school_id, self.pk])


class MarkStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    MISSING = "missing", pgettext_lazy("roll", "Missing")
    INJURED = "injured", _("Injured")
    ABSENT = "absent", _("Absent today")


class RollMark(models.Model):
    """Where one student is on a roll. One row per student: a later mark replaces it when its
    phone time is later (two teachers, or one phone sending its queue late: the latest wins)."""

    roll = models.ForeignKey(Roll, on_delete=models.CASCADE, related_name="marks")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="roll_marks")
    status = models.CharField(_("status"), max_length=8, choices=MarkStatus.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # None: filled in when the roll opened, from what the school knew of the day's absences.
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"))
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("roll mark")
        verbose_name_plural = _("roll marks")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["roll", "student"], name="roll_mark_once"),
        ]
        indexes = [models.Index(fields=["roll", "status"])]

    def __str__(self):
        return f"{self.student} {self.get_status_display()}"
