"""The lockdown broadcast: when an alarm is raised, every open screen of the school shows a
banner with what to do for that kind of alarm (lock the doors, evacuate, stay put), until the
alarm is closed. The instructions are rule rows (`BroadcastRule`), not constants."""

from django.db.models import Q
from django.utils import timezone

from safecampus.core.rulesets import nearest
from safecampus.core.services.notifications import push
from safecampus.emergencies.models import BroadcastRule


def broadcast_group(org_id):
    return f"broadcast.org.{org_id}"


def instructions_for(org, kind, *, above=False):
    """The instructions in force at `org` for an alarm of `kind` (None if none is kept);
    `above`: those it would inherit without its own row."""
    ids = [pk for pk in org.ancestor_ids() if not (above and pk == org.pk)]
    rows = BroadcastRule.objects.filter(Q(org__isnull=True) | Q(org_id__in=ids), kind=kind)
    return nearest(list(rows.select_related("org")), org.path)


def message(alarm, event):
    rule = instructions_for(alarm.school, alarm.kind)
    return {
        "type": "broadcast.message",
        "event": event,
        "alarm": alarm.pk,
        "school": alarm.school_id,
        "kind_label": str(alarm.get_kind_display()),
        "place": alarm.where,
        "at": timezone.localtime(alarm.raised_at).strftime("%H:%M"),
        "text": rule.message if rule else "",
        "source": rule.source if rule else "",
    }


def send(alarm, event):
    """After commit, to every open page of the school's people (not the bureau's: theirs is the
    alarm feed)."""
    push([broadcast_group(alarm.school_id)], message(alarm, event))
