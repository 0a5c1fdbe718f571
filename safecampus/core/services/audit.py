"""Appending to and verifying the audit chain."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from safecampus.core.models import AuditEvent, Org
from safecampus.core.models.audit import GENESIS_HASH


def _plain(changes):
    # Hash what the database will give back: JSON-native values only.
    return json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def record(*, actor, org, action, obj=None, changes=None, object_repr=None):
    """Append one event to `org`'s chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the action's transaction")
    # Lock the org row: appends to one chain are serialised, and the head moves with them.
    Org.objects.select_for_update().filter(pk=org.pk).update(audit_seq=F("audit_seq") + 1)
    seq = Org.objects.filter(pk=org.pk).values_list("audit_seq", flat=True).get()
    prev = (
        AuditEvent.objects.filter(org_id=org.pk, seq=seq - 1).values_list("hash", flat=True).first()
    )
    event = AuditEvent(
        org_id=org.pk,
        seq=seq,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=str(actor)[:60] if actor is not None and actor.is_authenticated else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:200],
        changes=_plain(changes),
        created_at=timezone.now(),
        prev_hash=prev or GENESIS_HASH,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event


def diff(instance, before, fields):
    """{field: [old, new]} for the fields that changed, for the audit event's `changes`."""
    changes = {}
    for field in fields:
        new = getattr(instance, field)
        old = before.get(field)
        if old != new:
            changes[field] = [_display(old), _display(new)]
    return changes


def snapshot(instance, fields):
    return {field: getattr(instance, field) for field in fields}


def _display(value):
    if hasattr(value, "pk"):
        return str(value)
    return value


@dataclass
class Break:
    org_id: int
    seq: int
    event_id: int | None
    problem: str

    def __str__(self):
        where = f"event id {self.event_id}" if self.event_id else "no row"
        return f"org {self.org_id}, seq {self.seq} ({where}): {self.problem}"


def verify_chain(org_id, head_seq):
    """The first broken link of one org's chain, or None when it is whole."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    events = AuditEvent.objects.filter(org_id=org_id).order_by("seq")
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return Break(org_id, expected_seq, None, "missing: the row was deleted")
        if event.prev_hash != prev_hash:
            return Break(org_id, event.seq, event.pk, "link to the previous event is broken")
        if event.compute_hash() != event.hash:
            return Break(org_id, event.seq, event.pk, "content does not match its hash: edited")
        prev_hash = event.hash
        expected_seq += 1
    if expected_seq - 1 > head_seq:
        return Break(org_id, head_seq, None, "the chain head was moved back: rows were hidden")
    if expected_seq - 1 != head_seq:
        return Break(org_id, expected_seq, None, "missing: the newest rows were deleted")
    return None


def verify_all():
    """Every broken chain's first break, one per org."""
    breaks = []
    # Every org with a head or with events: resetting the head must not hide a chain.
    with_events = AuditEvent.objects.values("org_id")
    orgs = Org.objects.filter(Q(audit_seq__gt=0) | Q(pk__in=with_events))
    for org_id, head in orgs.values_list("pk", "audit_seq"):
        found = verify_chain(org_id, head)
        if found:
            breaks.append(found)
    return breaks
