"""Pushing alarms to open pages: one channel group per org, joined by the responders there.

An alarm at a school is sent to the groups of the school and of every org above it, so the
school's responders, the bureau and the police liaison all hear it from one send per org.
"""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

log = logging.getLogger(__name__)


def org_group(org_id):
    return f"alarms.org.{org_id}"


def alarm_message(alarm, event):
    return {
        "type": "alarm.event",
        "event": event,
        "id": alarm.pk,
        "school": alarm.school.name,
        "kind": alarm.kind,
        "kind_label": str(alarm.get_kind_display()),
        "place": alarm.place or (alarm.zone.name if alarm.zone_id else ""),
        "raised_at": alarm.raised_at.isoformat(),
        "raised_at_local": timezone.localtime(alarm.raised_at).strftime("%H:%M:%S"),
        "url": alarm.get_absolute_url(),
        "ack_url": reverse("emergencies:alarm_ack", args=[alarm.school_id, alarm.pk]),
        "status": alarm.status,
        "raised_by": alarm.raised_by_id,
    }


def send(alarm, event):
    """Send after commit: a page must never hear of an alarm the database does not hold."""
    message = alarm_message(alarm, event)
    groups = [org_group(org_id) for org_id in alarm.school.ancestor_ids()]
    transaction.on_commit(lambda: _send(groups, message))


def _loop_running():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _send(groups, message):
    layer = get_channel_layer()
    if layer is None or _loop_running():
        # No layer, or a script driving an event loop in this thread (a test browser calling
        # a service directly): there is no page of this thread to tell.
        return
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception as exc:  # the alarm row and the notifications are the record
            log.error("alarm push to %s failed: %s", group, exc)
