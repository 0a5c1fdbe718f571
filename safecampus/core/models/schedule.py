"""What the scheduler has already enqueued, so two schedulers or a restart never double a run."""

from django.db import models


class ScheduledRun(models.Model):
    name = models.CharField(max_length=64)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_unique_slot")
        ]

    def __str__(self):
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
