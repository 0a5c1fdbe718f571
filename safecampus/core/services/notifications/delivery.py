"""The delivery engine: every message over every channel is one `Delivery` row, tried at once
after commit and again by the scheduler's sweep, under one policy.

The policy: try at once; after a temporary failure wait, longer after each one; give up (failed)
after the channel's last try, or at once when the failure is permanent. Only the pace differs
by channel: an alarm in a group chat or a text message is worth little an hour late, while an
e-mail can wait for its server to come back.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from safecampus.core.models import Channel, Delivery, DeliveryStatus, FailureReason
from safecampus.core.services.notifications.channels import email, robots, sms
from safecampus.core.services.notifications.errors import DeliveryError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pacing:
    attempts: int
    first_wait: timedelta
    factor: int

    def wait(self, attempts):
        """The pause after the `attempts`-th failed try."""
        return self.first_wait * self.factor ** max(attempts - 1, 0)


PACING = {
    Channel.EMAIL: Pacing(attempts=5, first_wait=timedelta(minutes=1), factor=2),
    Channel.ROBOT: Pacing(attempts=4, first_wait=timedelta(seconds=10), factor=3),
    Channel.SMS: Pacing(attempts=4, first_wait=timedelta(seconds=10), factor=3),
}
SENDERS = {Channel.EMAIL: email.send, Channel.ROBOT: robots.send, Channel.SMS: sms.send}
OPEN = [DeliveryStatus.PENDING, DeliveryStatus.RETRYING]


def queue(deliveries):
    """Save new deliveries and try each once the transaction commits."""
    if not deliveries:
        return []
    created = Delivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in created]
    transaction.on_commit(lambda: _enqueue(ids))
    return created


def _enqueue(ids):
    for pk in ids:
        send.enqueue(pk)


@task
def send(delivery_id):
    return attempt(delivery_id)


def attempt(delivery_id, now=None):
    """Try one open delivery; returns its status after the try (None if it was not open)."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification", "robot")
            .filter(pk=delivery_id, status__in=OPEN)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        try:
            SENDERS[delivery.channel](delivery)
        except DeliveryError as exc:
            _failed(delivery, exc, now)
        except Exception as exc:  # a fault of ours: recorded and paced like any other failure
            log.exception("delivery %s: unexpected error", delivery.pk)
            _failed(delivery, DeliveryError(FailureReason.UNKNOWN, exc, permanent=False), now)
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = now
            delivery.next_attempt_at = None
            delivery.failure = ""
            delivery.last_error = ""
        delivery.save(
            update_fields=[
                "attempts", "status", "failure", "last_error", "next_attempt_at", "sent_at"
            ]
        )  # fmt: skip
        return delivery.status


def _failed(delivery, error, now):
    log.warning("delivery %s failed: %s %s", delivery.pk, error.reason, error.detail)
    delivery.failure = error.reason
    delivery.last_error = error.detail
    if error.permanent or delivery.attempts >= PACING[delivery.channel].attempts:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + PACING[delivery.channel].wait(delivery.attempts)


def retry_due(now=None):
    """Try again every delivery whose wait is over; returns their statuses after the try."""
    now = now or timezone.now()
    due = (
        Delivery.objects.filter(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    return [status for pk in list(due[:500]) if (status := attempt(pk, now=now))]
