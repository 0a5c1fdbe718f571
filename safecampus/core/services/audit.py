"""Appending to and verifying the audit chain."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from safecampus.core.anchors import read_anchors
from safecampus.core.models import AuditEvent, Org
from safecampus.core.models.audit import GENESIS_HASH


def _plain(changes):
    # Hash what the database will give back: JSON-native values only.
    return json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def record(*, actor, org, action, obj=None, changes=None, object_repr=None):
    """Append one event to `org`'s chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the action's transaction")
    seq, prev = _advance_head(org.pk)
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


def _advance_head(org_id):
    """Move `org_id`'s chain head on by one and read the new head with the hash of the event
    before it. The UPDATE locks the org row until the transaction ends, so appends to one chain
    are serialised and the head moves with them. (The ORM's update() gives back no values.)

    The hash comes with the UPDATE when the event before is older than the statement. When the
    UPDATE waited for another append to commit, PostgreSQL moves on with that append's head but
    its subquery still reads from before the wait, without the event just committed: the hash
    is then read by a second statement, which sees it."""
    org_table, event_table = Org._meta.db_table, AuditEvent._meta.db_table
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(org_table)} SET audit_seq = audit_seq + 1 WHERE id = %s "
        f"RETURNING audit_seq, (SELECT e.hash FROM {quote(event_table)} e "
        f"WHERE e.org_id = {quote(org_table)}.id AND e.seq = {quote(org_table)}.audit_seq - 1)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [org_id])
        row = cursor.fetchone()
    if row is None:
        raise Org.DoesNotExist(org_id)
    seq, prev = row
    if prev is None and seq > 1:
        prev = (
            AuditEvent.objects.filter(org_id=org_id, seq=seq - 1)
            .values_list("hash", flat=True)
            .first()
        )
    return seq, prev


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


def verify_chain(org_id, head_seq, anchors=()):
    """Every break of one org's chain, in order: [] when it is whole.

    `anchors` are this org's signed checkpoints (seq, hash) from outside the database: a row that
    no longer carries its anchored hash was edited and re-hashed, an anchor past the end shows a
    cut tail, whatever the chain says of itself.
    """
    breaks = []
    anchored = {}
    for anchor in anchors:
        anchored.setdefault(anchor.seq, set()).add(anchor.hash)
    expected_seq = 1
    links = {GENESIS_HASH}
    events = AuditEvent.objects.filter(org_id=org_id).order_by("seq")
    for event in events.iterator(chunk_size=2000):
        if event.seq > expected_seq:
            gap = (
                "missing: the row was deleted"
                if event.seq == expected_seq + 1
                else f"missing: rows {expected_seq}-{event.seq - 1} were deleted"
            )
            breaks.append(Break(org_id, expected_seq, None, gap))
        recomputed = event.compute_hash()
        # One break a row, the first problem found in it; then go on, so later ones show too.
        if event.seq == expected_seq and event.prev_hash not in links:
            breaks.append(
                Break(org_id, event.seq, event.pk, "link to the previous event is broken")
            )
        elif recomputed != event.hash:
            breaks.append(
                Break(org_id, event.seq, event.pk, "content does not match its hash: edited")
            )
        elif event.seq in anchored and event.hash not in anchored[event.seq]:
            breaks.append(
                Break(org_id, event.seq, event.pk, "differs from its signed anchor: re-hashed")
            )
        # The next row may link to what this one says or to what it should say.
        links = {event.hash, recomputed}
        expected_seq = event.seq + 1
    last_seq = expected_seq - 1
    if last_seq > head_seq:
        breaks.append(
            Break(org_id, head_seq, None, "the chain head was moved back: rows were hidden")
        )
    elif last_seq < head_seq:
        breaks.append(Break(org_id, expected_seq, None, "missing: the newest rows were deleted"))
    beyond = max((anchor.seq for anchor in anchors), default=0)
    if beyond > last_seq:
        breaks.append(
            Break(
                org_id, beyond, None, "a signed anchor names a row past the end: the tail was cut"
            )
        )
    return breaks


def verify_all(anchors=None):
    """Every break of every chain, and every anchor whose signature does not hold."""
    anchors = read_anchors() if anchors is None else anchors
    breaks = [
        Break(anchor.org_id, anchor.seq, None, f"anchor line {anchor.line}: signature is wrong")
        for anchor in anchors
        if not anchor.signed
    ]
    by_org = {}
    for anchor in anchors:
        if anchor.signed:
            by_org.setdefault(anchor.org_id, []).append(anchor)
    # Every org with a head, events or an anchor: resetting the head must not hide a chain.
    with_events = AuditEvent.objects.values("org_id")
    orgs = Org.objects.filter(Q(audit_seq__gt=0) | Q(pk__in=with_events) | Q(pk__in=list(by_org)))
    seen = set()
    for org_id, head in orgs.values_list("pk", "audit_seq"):
        seen.add(org_id)
        breaks.extend(verify_chain(org_id, head, by_org.get(org_id, ())))
    for org_id in sorted(set(by_org) - seen):
        breaks.append(Break(org_id, 0, None, "a signed anchor names an org that is gone"))
    return breaks
