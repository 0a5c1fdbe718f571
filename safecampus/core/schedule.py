"""The registry of periodic work, and the scheduler's tick.

Each entry runs every `every` (aligned to the epoch) or daily at `at` (school time). A run is
enqueued only if its (name, slot) row can be inserted, so two schedulers or a restart never
enqueue the same slot twice.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from safecampus.core.models import ScheduledRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    task_path: str
    every: timedelta | None = None
    at: time | None = None

    def slot(self, now):
        """The latest slot at or before `now`."""
        if self.every is not None:
            step = int(self.every.total_seconds())
            stamp = int(now.timestamp()) // step * step
            return datetime.fromtimestamp(stamp, tz=UTC)
        local = timezone.localtime(now)
        today = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return today if local >= today else today - timedelta(days=1)


REGISTRY: list[Periodic] = [
    Periodic(
        "retry_deliveries", "safecampus.core.tasks.retry_deliveries", every=timedelta(minutes=1)
    ),
    Periodic(
        "anchor_audit_heads",
        "safecampus.core.tasks.anchor_audit_heads",
        every=timedelta(minutes=10),
    ),
    # After midnight: yesterday joins the metrics' daily roll-ups (core.rollups).
    Periodic("metric_rollups", "safecampus.core.tasks.rebuild_metric_rollups", at=time(0, 20)),
]


def register(entry):
    if any(e.name == entry.name for e in REGISTRY):
        return
    REGISTRY.append(entry)


def _task(path):
    from django.utils.module_loading import import_string

    return import_string(path)


def tick(now=None):
    """Enqueue every entry whose current slot has not been enqueued yet. Returns their names."""
    now = now or timezone.now()
    enqueued = []
    for entry in REGISTRY:
        slot = entry.slot(now)
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=entry.name, slot=slot)
        except IntegrityError:
            continue
        _task(entry.task_path).enqueue()
        enqueued.append(entry.name)
        log.info("enqueued %s for %s", entry.name, slot.isoformat())
    return enqueued
