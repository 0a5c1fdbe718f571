"""Tasks and notices sent down to schools (任务下发, 通知) and the schools' replies."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DispatchKind(models.TextChoices):
    TASK = "task", pgettext_lazy("dispatch", "Task")
    # A plain notice needs only an acknowledgement.
    NOTICE = "notice", pgettext_lazy("dispatch", "Notice")


class DispatchStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("dispatch", "Open")
    CLOSED = "closed", pgettext_lazy("dispatch", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("dispatch", "Withdrawn")


class DispatchedTask(models.Model):
    """A task or notice from a bureau or street node to the schools its filter picked."""

    sender = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=DispatchKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    attachments = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    # What the reply must contain.
    needs_text = models.BooleanField(_("a written reply"), default=True)
    needs_attachments = models.BooleanField(_("attachments"), default=False)
    figures = models.JSONField(_("figures"), default=list, blank=True)
    target = models.JSONField(_("target schools"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DispatchStatus.choices, default=DispatchStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("dispatched task")
        verbose_name_plural = _("dispatched tasks")
        indexes = [
            models.Index(fields=["sender", "-sent_at"], name="dispatch_sender"),
            models.Index(fields=["status", "deadline"], name="dispatch_deadline"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:task", args=[self.pk])


class TaskReplyStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("reply", "Not replied")
    REPLIED = "replied", pgettext_lazy("reply", "Replied")
    RETURNED = "returned", pgettext_lazy("reply", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("reply", "Accepted")
    # A notice's only answer.
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("reply", "Acknowledged")


class TaskRecipient(models.Model):
    """One school's copy of a task: read receipt, where its reply stands, what was sent to it."""

    task = models.ForeignKey(DispatchedTask, on_delete=models.CASCADE, related_name="recipients")
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TaskReplyStatus.choices,
        default=TaskReplyStatus.PENDING,
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The periodic work records what it sent, so a restart sends nothing twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "school"], name="taskrecipient_unique")
        ]
        indexes = [models.Index(fields=["school", "status"], name="taskrecipient_school")]

    def __str__(self):
        return f"{self.task} · {self.school}"


class TaskReply(models.Model):
    """A reply as the school sent it; a returned reply stays, the next one is a new row."""

    recipient = models.ForeignKey(TaskRecipient, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("reply"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    attachments = models.ManyToManyField("core.Attachment", blank=True, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    late = models.BooleanField(_("late"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.recipient} · {self.submitted_at:%Y-%m-%d}"
