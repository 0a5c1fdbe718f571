"""A safety summary asked for by a school or a bureau, written in the background and kept with
who asked for it and when; the safety calendar's rule sets, links and reminders."""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.docx import DOCX_CONTENT_TYPE
from safecampus.core.reporting import REPORT_KINDS
from safecampus.core.xlsx import XLSX_CONTENT_TYPE


class SummaryStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def summary_path(instance, filename):
    return f"reports/{instance.org_id}/{instance.pk or 'new'}-{filename}"


SUMMARY_KIND = "summary"
# The ledger pack: a school's ledgers of a period in one workbook (core.ledgers), not a .docx.
LEDGERS_KIND = "ledgers"


LEDGER_PACK_TITLE = _("Ledger pack")
# A scheduled report's periods tile the year: months a year divides into.
PERIOD_MONTHS = (1, 2, 3, 4, 6, 12)


class Summary(models.Model):
    """A school's summary of its own records, or a bureau's of its schools'. The document is
    written from the records at `finished_at`; the officer edits it in Word afterwards."""

    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="summaries")
    title = models.CharField(_("title"), max_length=120)
    # "summary", or the key of another document of core.reporting.REPORT_KINDS ("risk").
    kind = models.CharField(_("document"), max_length=16, default=SUMMARY_KIND)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=8, choices=SummaryStatus.choices, default=SummaryStatus.QUEUED
    )
    # Chapters written so far out of all: the page shows it while the worker writes.
    progress = models.PositiveSmallIntegerField(default=0)
    # What the asker could see when asking: the document holds only those parts.
    caps = models.JSONField(default=list, editable=False)
    file = models.FileField(upload_to=summary_path, max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    # A report of core.reporting is also written as a PDF beside its .docx, from the same
    # figures: the .docx to edit, the PDF to hand in as it is.
    pdf = models.FileField(upload_to=summary_path, max_length=255, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    # What a report stated (its snapshot): the next report of the kind states the change.
    figures = models.JSONField(default=dict, editable=False)
    # None: asked for by the system, on the schedule of a ReportSchedule rule.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("safety summary")
        verbose_name_plural = _("safety summaries")
        indexes = [
            models.Index(fields=["org", "-requested_at"], name="summary_org_recent"),
            models.Index(fields=["org", "kind", "-finished_at"], name="summary_org_kind_last"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="summary_end_after_start"
            ),
            # The schedule writes an org's report of a period once, however often it runs.
            models.UniqueConstraint(
                fields=["org", "kind", "start", "end"],
                condition=models.Q(requested_by__isnull=True),
                name="summary_scheduled_once",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:index", args=[self.org_id]) + f"#summary-{self.pk}"

    @property
    def extension(self):
        return "xlsx" if self.kind == LEDGERS_KIND else "docx"

    @property
    def content_type(self):
        return XLSX_CONTENT_TYPE if self.kind == LEDGERS_KIND else DOCX_CONTENT_TYPE

    @property
    def filename(self):
        return f"{self.title}.{self.extension}"

    @property
    def pdf_filename(self):
        return f"{self.title}.pdf"

    @property
    def by_system(self):
        return self.requested_by_id is None

    @property
    def kind_title(self):
        if self.kind == SUMMARY_KIND:
            return _("Safety summary")
        if self.kind == LEDGERS_KIND:
            return LEDGER_PACK_TITLE
        found = REPORT_KINDS.get(self.kind)
        return found.title if found else self.kind


class ReportSchedule(models.Model):
    """A rule that writes a report periodically (issue 19: "the risk assessment report,
    periodic (rule)"): every `every_months` months, counted in periods from January, the
    report of the period just ended is written for every school and bureau the row applies to
    (its own org and below; the default row has no org), as the system. A bureau's row for
    the same kind replaces the default."""

    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The key of a document of core.reporting.REPORT_KINDS ("risk").
    kind = models.CharField(_("document"), max_length=16)
    every_months = models.PositiveSmallIntegerField(
        _("every (months)"), choices=[(n, str(n)) for n in PERIOD_MONTHS]
    )
    active = models.BooleanField(_("in force"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")

    def __str__(self):
        return f"{self.kind} / {self.every_months}"


# The safety calendar ------------------------------------------------------------------------


class CalendarRules(models.Model):
    """How far ahead the calendar reminds, at an org: its own row, else the nearest up the tree,
    else the default row (no org)."""

    org = models.OneToOneField(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)
    lead_days = models.PositiveSmallIntegerField(
        _("remind this many days before an item"),
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("safety calendar rules")
        verbose_name_plural = _("safety calendar rules")

    def __str__(self):
        return self.name


class Anchor(models.TextChoices):
    DATE = "date", _("On a date every year")
    TERM_START = "term_start", _("Days after a term starts")
    TERM_END = "term_end", _("Days before a term ends")


class SeasonalTask(models.Model):
    """A seasonal inspection or duty of the calendar (rules.md §6: the start-of-term check, the
    check before the flood season, winter wiring), as a date rule. A bureau's row replaces the
    default row of the same name."""

    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)
    anchor = models.CharField(_("when"), max_length=16, choices=Anchor.choices)
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    # Days after the term's first day, or before its last.
    offset_days = models.PositiveSmallIntegerField(
        _("days"), default=0, validators=[MaxValueValidator(60)]
    )
    lead_days = models.PositiveSmallIntegerField(
        _("remind days before"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("seasonal task")
        verbose_name_plural = _("seasonal tasks")
        ordering = ["month", "day", "pk"]

    def __str__(self):
        return self.name


class CalendarFeed(models.Model):
    """A person's private link to one school's calendar, for a phone's calendar app. The link's
    key is shown once and kept only as its SHA-256; revoked, the link answers 404."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        indexes = [models.Index(fields=["user", "school"], name="calendarfeed_user")]

    def __str__(self):
        return f"{self.user} · {self.school}"

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()


class CalendarReminder(models.Model):
    """A reminder sent for one item of a school's calendar: each is sent once."""

    school = models.ForeignKey("core.Org", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "key", "due"], name="calendarreminder_once")
        ]

    def __str__(self):
        return f"{self.key} · {self.due}"
