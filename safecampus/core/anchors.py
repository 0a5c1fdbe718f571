"""Anchors of the audit chain outside the database.

The chain's hashes are unkeyed, so whoever can write to the database can edit a row and re-hash
everything after it, or delete the newest rows and lower the head. A checkpoint records each
org's head (seq, hash) signed with a key that is not in the database, appended as one JSON line
to a file the application only appends to. A later edit, re-hash or cut of a checkpointed row
no longer matches its anchor, and a forged anchor does not match its signature.
"""

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from safecampus.core.models import AuditEvent, Org


def _key():
    configured = settings.SAFECAMPUS_AUDIT_KEY
    if configured:
        return configured.encode()
    # One machine's fallback: a key file beside the anchors, made once, readable by us alone.
    path = Path(settings.VAR_DIR) / "audit-anchor.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def sign(org_id, seq, head_hash):
    message = f"{org_id}:{seq}:{head_hash}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    line: int
    org_id: int
    seq: int
    hash: str
    signed: bool


def read_anchors(path=None):
    """Every anchor in the file, in the order written, with whether its signature holds."""
    path = Path(path or settings.SAFECAMPUS_AUDIT_ANCHOR_FILE)
    if not path.exists():
        return []
    anchors = []
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            try:
                data = json.loads(text)
                org_id, seq, head = int(data["org"]), int(data["seq"]), str(data["hash"])
                mac = str(data["mac"])
            except (ValueError, KeyError, TypeError):
                anchors.append(Anchor(number, 0, 0, "", False))
                continue
            signed = hmac.compare_digest(mac, sign(org_id, seq, head))
            anchors.append(Anchor(number, org_id, seq, head, signed))
    return anchors


def _last_anchored(anchors):
    last = {}
    for anchor in anchors:
        if anchor.signed:
            last[anchor.org_id] = max(last.get(anchor.org_id, 0), anchor.seq)
    return last


def write_checkpoint(path=None):
    """Append the head of every chain that moved since its last anchor. Returns how many."""
    path = Path(path or settings.SAFECAMPUS_AUDIT_ANCHOR_FILE)
    last = _last_anchored(read_anchors(path))
    heads = Org.objects.filter(audit_seq__gt=0).values_list("pk", "audit_seq")
    moved = {pk: seq for pk, seq in heads if last.get(pk, 0) != seq}
    if not moved:
        return 0
    hashes = {}
    items = sorted(moved.items())
    # In slices: SQLite refuses an expression of more than 1,000 OR'd terms.
    for start in range(0, len(items), 200):
        heads_here = [Q(org_id=pk, seq=seq) for pk, seq in items[start : start + 200]]
        rows = AuditEvent.objects.filter(Q(*heads_here, _connector=Q.OR))
        hashes.update(rows.values_list("org_id", "hash"))
    at = timezone.now().isoformat(timespec="seconds")
    lines = []
    for pk, seq in items:
        head = hashes.get(pk)
        if head is None:
            # The head names a row that is gone: verify_audit reports that; anchor nothing false.
            continue
        record = {"at": at, "org": pk, "seq": seq, "hash": head, "mac": sign(pk, seq, head)}
        lines.append(json.dumps(record, separators=(",", ":")) + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Append mode only: the file is never truncated or rewritten by the application.
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())
    return len(lines)
