"""An alarm's request does only what must happen before its answer (the alarm, its audit event,
the push to open pages); the messages to people are a task queued in the same transaction,
sent once, and queued again by the sweep when they did not go out."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.tasks import task_backends
from django_tasks_db.models import DBTaskResult

from safecampus.core.models import Notification
from safecampus.emergencies.services import alarms

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """Tasks are queued, not run: the test runs them when it chooses."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"]


def _told(alarm):
    return set(
        Notification.objects.filter(kind="alarm.raised", url=alarm.get_absolute_url()).values_list(
            "user__username", flat=True
        )
    )


def test_the_raise_leaves_the_messages_to_a_task_that_sends_them_once(org, person, queue):
    alarm = alarms.raise_alarm(actor=person("s01.guard"), school=org("s01"), kind="fire")
    assert _told(alarm) == set()
    [queued] = queue.results
    assert (queued.task.func, queued.args) == (alarms.announce.func, [alarm.pk])

    assert alarms.announce.call(alarm.pk) is True
    told = _told(alarm)
    assert {"s01.officer", "bureau.admin", "police.liaison"} <= told
    count = Notification.objects.filter(kind="alarm.raised").count()
    # A second run (the sweep's, or a retried task) finds the messages sent and adds none.
    assert alarms.announce.call(alarm.pk) is False
    assert Notification.objects.filter(kind="alarm.raised").count() == count


def test_messages_that_did_not_go_out_are_queued_again_within_the_hour(org, person, queue):
    alarm = alarms.raise_alarm(actor=person("s01.guard"), school=org("s01"), kind="fire")
    t0 = alarm.raised_at
    # The task queued with the alarm gets a minute before the sweep doubts it.
    assert alarms.announce_missed(now=t0 + timedelta(seconds=30)) == []
    assert alarms.announce_missed(now=t0 + timedelta(minutes=2)) == [alarm.pk]
    assert [r.args for r in queue.results] == [[alarm.pk], [alarm.pk]]
    alarms.announce.call(alarm.pk)
    assert alarms.announce_missed(now=t0 + timedelta(minutes=3)) == []
    # An hour on, a message about the alarm is worth nothing: the sweep lets it be.
    later = alarms.raise_alarm(actor=person("s01.guard"), school=org("s01"), kind="medical")
    assert alarms.announce_missed(now=later.raised_at + timedelta(minutes=61)) == []


def test_the_task_row_commits_with_the_alarm_or_not_at_all(org, person, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    path = "safecampus.emergencies.services.alarms.announce"
    before = DBTaskResult.objects.filter(task_path=path).count()

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        alarms.raise_alarm(actor=person("s01.guard"), school=org("s01"), kind="fire")
        raise Refused
    assert DBTaskResult.objects.filter(task_path=path).count() == before

    alarm = alarms.raise_alarm(actor=person("s01.guard"), school=org("s01"), kind="fire")
    row = DBTaskResult.objects.filter(task_path=path).latest("enqueued_at")
    assert row.args_kwargs["args"] == [alarm.pk]
