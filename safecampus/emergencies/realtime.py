"""Pushing alarms to open pages: one channel group per org, joined by the responders there.

An alarm at a school is sent to the groups of the school and of every org above it, so the
school's responders, the bureau and the police liaison all hear it from one send per org.
"""

from django.urls import reverse
from django.utils import timezone

from safecampus.core.services.notifications import push


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
        "place": alarm.where,
        "raised_at": alarm.raised_at.isoformat(),
        "raised_at_local": timezone.localtime(alarm.raised_at).strftime("%H:%M:%S"),
        "url": alarm.get_absolute_url(),
        "ack_url": reverse("emergencies:alarm_ack", args=[alarm.school_id, alarm.pk]),
        "status": alarm.status,
        "raised_by": alarm.raised_by_id,
        # Every open page checks, at each event, that its person still answers alarms here.
        "orgs": list(alarm.school.ancestor_ids()),
    }


def send(alarm, event):
    """Sent after commit: a page must never hear of an alarm the database does not hold."""
    push([org_group(org_id) for org_id in alarm.school.ancestor_ids()], alarm_message(alarm, event))
