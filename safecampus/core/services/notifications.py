"""core.notify: the in-app inbox and deliveries over the other channels."""

import asyncio
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from safecampus.core.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationSettings,
)

log = logging.getLogger(__name__)


def _render(text, params, language):
    """A translatable template (lazy) is filled with `params`; plain text, such as a note a
    person wrote, is passed on as it is (a "50%" in it is not a format)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        if params and isinstance(text, Promise):
            return str(text) % params
        return str(text)


_muted = ContextVar("notifications_muted", default=False)


@contextmanager
def muted():
    """Write no notifications inside (the demo loader writes months of history at once)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notify(users, *, kind, title, body="", url="", org=None, params=None):
    """Tell each user something: an inbox row now, e-mail by the task worker after commit.

    `title` and `body` are (lazy) translatable strings with %(name)s placeholders filled from
    `params`, rendered in each recipient's own language.
    """
    users = [u for u in {u.pk: u for u in users}.values() if u.is_active]
    if not users or _muted.get():
        return []
    prefs = {
        s.user_id: s.email_enabled
        for s in NotificationSettings.objects.filter(user__in=[u.pk for u in users])
    }
    notes = Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                org=org,
                kind=kind,
                title=_render(title, params, u.language)[:200],
                body=_render(body, params, u.language) if body else "",
                url=url,
            )
            for u in users
        ]
    )
    deliveries = [
        Delivery(notification=n, channel=Channel.EMAIL, address=n.user.email)
        for n in notes
        if n.user.email and prefs.get(n.user_id, True)
    ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        ids = list(
            Delivery.objects.filter(
                notification__in=notes, status=DeliveryStatus.PENDING
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: _enqueue(ids))
    transaction.on_commit(lambda: _push(notes))
    return notes


def _loop_running():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _push(notes):
    """Tell the recipients' open pages, so their bell updates without a reload."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from safecampus.core.consumers import user_group

    layer = get_channel_layer()
    if layer is None or _loop_running():
        # A script driving an event loop in this thread (a test browser): no page to tell.
        return
    for note in notes:
        try:
            async_to_sync(layer.group_send)(
                user_group(note.user_id),
                {"type": "notification.new", "title": note.title, "url": note.url},
            )
        except Exception as exc:  # the inbox row is the record; a lost push only delays the bell
            log.warning("push to user %s failed: %s", note.user_id, exc)


def _enqueue(delivery_ids):
    from safecampus.core.tasks import deliver

    for pk in delivery_ids:
        deliver.enqueue(pk)


def backoff(attempts):
    """Wait 1, 2, 4, 8 ... minutes between attempts."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def attempt_delivery(delivery_id):
    """Send one delivery; on failure schedule the next try or give up after MAX_ATTEMPTS."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("notification__user")
            .filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        note = delivery.notification
        try:
            link = f"\n\n{settings.SAFECAMPUS_SITE_URL}{note.url}" if note.url else ""
            send_mail(note.title, f"{note.body}{link}", None, [delivery.address])
        except Exception as exc:  # any transport failure is recorded and retried
            log.warning("delivery %s failed: %s", delivery.pk, exc)
            delivery.last_error = str(exc)[:1000]
            if delivery.attempts >= Delivery.MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.GAVE_UP
                delivery.next_attempt_at = None
            else:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.next_attempt_at = None
        delivery.save(
            update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"]
        )
        return delivery.status


def retry_due_deliveries(now=None):
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=DeliveryStatus.FAILED, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    results = [attempt_delivery(pk) for pk in list(due[:500])]
    return len(results)


def mark_read(user, notification_ids=None):
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def save_settings(user, *, email_enabled):
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_enabled": email_enabled}
    )
