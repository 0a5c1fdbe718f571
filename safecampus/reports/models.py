"""A safety summary asked for by a school or a bureau, written in the background and kept with
who asked for it and when."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SummaryStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def summary_path(instance, filename):
    return f"reports/{instance.org_id}/{instance.pk or 'new'}-{filename}"


class Summary(models.Model):
    """A school's summary of its own records, or a bureau's of its schools'. The document is
    written from the records at `finished_at`; the officer edits it in Word afterwards."""

    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="summaries")
    title = models.CharField(_("title"), max_length=120)
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
    error = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("safety summary")
        verbose_name_plural = _("safety summaries")
        indexes = [models.Index(fields=["org", "-requested_at"], name="summary_org_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="summary_end_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:index", args=[self.org_id]) + f"#summary-{self.pk}"

    @property
    def filename(self):
        return f"{self.title}.docx"
