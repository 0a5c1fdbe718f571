"""The audit trail (痕迹化管理): append-only, SHA-256 chained per org."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only")

    def delete(self):
        raise TypeError("Audit events are append-only")


class AuditEvent(models.Model):
    """One recorded action. `seq` numbers an org's chain so a deleted row leaves a gap."""

    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="audit_events")
    seq = models.PositiveBigIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(max_length=60, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["org", "seq"], name="audit_unique_seq_per_org")
        ]
        indexes = [
            models.Index(fields=["org", "-created_at"]),
            models.Index(fields=["org", "actor"]),
            models.Index(fields=["org", "action"]),
        ]

    def __str__(self):
        return f"{self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only")

    def compute_hash(self):
        payload = {
            "org": self.org_id,
            "seq": self.seq,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "prev": self.prev_hash,
        }
        data = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(data.encode()).hexdigest()
