"""core.notify: one pipeline for everything the platform tells people.

- in-app: `notify` writes an inbox row per person and pushes it to their open pages (the bell);
- e-mail: `notify` also queues one delivery per person who has an address and wants e-mail;
- chat robots (WeCom, DingTalk, Feishu): `post_to_robots` queues one delivery per active robot
  of an org and of the orgs above it;
- SMS: `send_sms` queues one delivery to a number (console by default, a gateway over HTTP).

Every delivery is a `core.Delivery` row with one status vocabulary, tried by one engine
(`delivery.py`) with one retry policy. `push` sends to the WebSocket groups of open pages.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.functional import Promise

from safecampus.core.models import Channel, Delivery, Notification, NotificationSettings
from safecampus.core.services.notifications.channels.robots import robots_for
from safecampus.core.services.notifications.delivery import PACING, attempt, queue, retry_due
from safecampus.core.services.notifications.push import access_changed, push, user_group

__all__ = [
    "PACING",
    "access_changed",
    "attempt",
    "mark_read",
    "muted",
    "notify",
    "post_to_robots",
    "push",
    "retry_due",
    "save_settings",
    "send_sms",
    "user_group",
]


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
    queue(
        [
            Delivery(notification=n, channel=Channel.EMAIL, address=n.user.email, org=org)
            for n in notes
            if n.user.email and prefs.get(n.user_id, True)
        ]
    )
    for note in notes:
        push(
            [user_group(note.user_id)],
            {"type": "notification.new", "title": note.title, "url": note.url},
        )
    return notes


def _about(subject):
    if subject is None:
        return {}
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def post_to_robots(org, *, title, text, url="", about=None):
    """Post a message to the chat robots of `org` and of every org above it (a school's alarm
    reaches its own group and the bureau's); `about` is the record it concerns."""
    if url:
        text = f"{text}\n{settings.SAFECAMPUS_SITE_URL}{url}"
    about = _about(about)
    return queue(
        [
            Delivery(
                channel=Channel.ROBOT, robot=robot, org=org, title=title[:200], text=text, **about
            )
            for robot in robots_for(org)
        ]
    )


def send_sms(number, *, text, org=None, about=None):
    """Text one phone number; `about` is the record it concerns."""
    return queue(
        [Delivery(channel=Channel.SMS, address=number, org=org, text=text, **_about(about))]
    )


def mark_read(user, notification_ids=None):
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def save_settings(user, *, email_enabled):
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_enabled": email_enabled}
    )
