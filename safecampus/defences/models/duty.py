"""Duty (值守): the guard's shift handover (交接班) at a post, written on a phone: what happened,
the equipment checked at hand-over, the open items passed on to the next guard."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Handover(models.Model):
    school = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="handovers")
    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="handovers", verbose_name=_("post")
    )
    handed_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    handed_to = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handed to"),
    )
    happened = models.TextField(_("what happened"), max_length=2000, blank=True)
    open_items = models.TextField(_("open items passed on"), max_length=2000, blank=True)
    handed_at = models.DateTimeField(_("handed over at"))
    client_uuid = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("shift handover")
        verbose_name_plural = _("shift handovers")
        ordering = ["-handed_at", "-pk"]
        indexes = [models.Index(fields=["school", "handed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "client_uuid"], name="defences_handover_client_uuid"
            )
        ]

    def __str__(self):
        return f"{self.zone} {self.handed_at:%Y-%m-%d %H:%M}"


class HandoverCheck(models.Model):
    """One item of equipment looked at during the handover, and the inspection it recorded."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="checks")
    inspection = models.OneToOneField(
        "defences.EquipmentCheck", on_delete=models.CASCADE, related_name="handover_check"
    )

    class Meta:
        verbose_name = _("equipment checked at handover")
        verbose_name_plural = _("equipment checked at handover")

    def __str__(self):
        return str(self.inspection)
