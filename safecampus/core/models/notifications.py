"""In-app notifications, their deliveries over other channels, and each person's settings."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    org = models.ForeignKey("core.Org", null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=48)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title


class Channel(models.TextChoices):
    """How a delivery travels. The inbox row itself is the in-app channel: it needs no delivery."""

    EMAIL = "email", _("E-mail")
    ROBOT = "robot", _("Chat robot")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    """The one vocabulary of every delivery, whatever its channel."""

    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")


class FailureReason(models.TextChoices):
    """Why the last try failed, said for the person reading it; the technical detail is kept in
    `Delivery.last_error` for whoever fixes the server."""

    UNREACHABLE = "unreachable", _("The server could not be reached.")
    TIMEOUT = "timeout", _("The server did not answer in time.")
    SERVER_ERROR = "server_error", _("The server had an error.")
    BUSY = "busy", _("The server asked to wait before sending more.")
    REFUSED = "refused", _("The receiver refused the message.")
    BAD_ADDRESS = "bad_address", _("The address is not valid.")
    BAD_MESSAGE = "bad_message", _("The message could not be written (a title on several lines?).")
    UNKNOWN = "unknown", _("An unexpected error stopped the sending.")


class RobotKind(models.TextChoices):
    WECOM = "wecom", _("WeCom robot")
    DINGTALK = "dingtalk", _("DingTalk robot")
    FEISHU = "feishu", _("Feishu robot")


class Robot(models.Model):
    """A group-chat webhook robot of a school or a bureau, set up by that org: messages about the
    org and the schools under it are posted to it."""

    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="robots")
    kind = models.CharField(_("kind"), max_length=16, choices=RobotKind.choices)
    name = models.CharField(_("name"), max_length=60)
    url = models.URLField(_("webhook address"), max_length=500)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("robot")
        verbose_name_plural = _("robots")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Delivery(models.Model):
    """One message over one channel to one address or robot, tried until sent or given up.

    A delivery of an inbox notification (e-mail) points at it; a message about a record (an
    alarm posted to the robots, an SMS) names the record as its `subject` and carries its own
    title and text. The kernel knows no feature app, hence the generic subject.
    """

    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    address = models.CharField(max_length=255, blank=True)
    robot = models.ForeignKey(
        Robot, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    failure = models.CharField(max_length=16, choices=FailureReason.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self):
        return f"{self.channel} → {self.robot or self.address}"


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_enabled = models.BooleanField(_("send me e-mail too"), default=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)
