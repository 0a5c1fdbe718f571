from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext_lazy

from safecampus.core import schedule
from safecampus.core.models import Channel, Delivery, DeliveryStatus, Notification, ScheduledRun
from safecampus.core.services import notifications
from safecampus.core.services.notifications import notify

pytestmark = pytest.mark.django_db


def test_notify_fills_the_inbox_and_mails_after_commit(person, django_capture_on_commit_callbacks):
    guard = person("s01.guard")
    with django_capture_on_commit_callbacks(execute=True):
        notify([guard], kind="test", title=gettext_lazy("检查提醒 %(n)s"), params={"n": 1}, url="/")
    note = Notification.objects.get(user=guard, kind="test")
    assert note.title == "检查提醒 1"
    assert note.deliveries.get().status == DeliveryStatus.SENT
    assert mail.outbox[-1].to == [guard.email]


def test_the_bell_counts_unread_and_reading_clears_it(login, person):
    guard = person("s01.guard")
    client = login("s01.guard")
    client.post("/notifications/read/")
    notify([guard], kind="test", title="一")
    notify([guard], kind="test", title="二")
    home = client.get("/").content.decode()
    assert 'data-count="2"' in home
    client.post("/notifications/read/")
    assert 'data-count="0"' in client.get("/").content.decode()


def test_email_can_be_switched_off(person, login, django_capture_on_commit_callbacks):
    guard = person("s01.guard")
    login("s01.guard").post("/me/", {"save_settings": "1"})  # unchecked box = off
    with django_capture_on_commit_callbacks(execute=True):
        notify([guard], kind="test", title="静音")
    assert not Delivery.objects.filter(
        notification__user=guard, notification__title="静音"
    ).exists()
    assert Notification.objects.filter(user=guard, title="静音").exists()


def test_a_failed_delivery_is_retried_with_backoff_then_given_up(person, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 1},
        }
    }
    note = notify([person("s01.guard")], kind="test", title="重试")[0]
    delivery = note.deliveries.get()
    assert notifications.attempt(delivery.pk) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    # Not due yet: the sweep leaves it alone.
    assert notifications.retry_due() == []
    later = timezone.now() + timedelta(days=1)
    for _ in range(notifications.PACING[Channel.EMAIL].attempts - 1):
        notifications.retry_due(now=later)
        later += timedelta(days=1)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == notifications.PACING[Channel.EMAIL].attempts
    page = notifications_page(person)
    assert "Connection refused" in page or "refused" in page.lower()


def notifications_page(person):
    from django.test import Client

    client = Client()
    client.force_login(person("s01.guard"))
    return client.get("/notifications/").content.decode()


def test_the_scheduler_enqueues_each_slot_once():
    now = timezone.now()
    first = schedule.tick(now)
    assert "retry_deliveries" in first
    assert schedule.tick(now) == []  # a second scheduler, or a restart, adds nothing
    assert ScheduledRun.objects.filter(name="retry_deliveries").count() == 1
    assert "retry_deliveries" in schedule.tick(now + timedelta(minutes=1))


def test_daily_entries_fire_once_a_day_at_school_time():
    from datetime import time

    entry = schedule.Periodic("daily", "x", at=time(7, 0))
    morning = timezone.make_aware(timezone.datetime(2026, 11, 23, 7, 5))
    night = timezone.make_aware(timezone.datetime(2026, 11, 23, 6, 55))
    assert timezone.localtime(entry.slot(morning)).date().isoformat() == "2026-11-23"
    assert timezone.localtime(entry.slot(night)).date().isoformat() == "2026-11-22"
