"""A school home page's safety summary and news feed, as each app contributes to them.

Counts: apps register a source in their registry.py; source(user, school) returns the
HomeCounts this person should act on (an empty list when their role has none). A source costs a
few aggregate queries, never one per row. Each count links to the filtered list behind it, and
names the capability that list needs, so the page shows the link only to those who may open it.

Feed: the school's recent audit events, each shown only to the people it is meant for. An
action's audience is the capability registered for it, or else "<its prefix>.view" when that
is a capability (hazard.* → hazard.view), or else the audit trail's readers. Routine traffic
that has its own log (a visitor signed out, a checkpoint scanned) is registered with no
audience and stays out of the feed.
"""

from dataclasses import dataclass

from django.db.models import Q

from safecampus.core.access import capabilities
from safecampus.core.audit_labels import ACTION_LABELS
from safecampus.core.models import AuditEvent
from safecampus.core.roles import CAPABILITIES, Cap


@dataclass
class HomeCount:
    """One figure on the summary: `count` of `label`, opening `url` for holders of `cap`."""

    key: str
    label: str
    count: int
    url: str
    cap: str
    # True when a non-zero count asks for action (drawn as a warning), False for information.
    urgent: bool = True
    # What the count is out of (today's checks: 3 of 7 done), shown when given.
    total: int | None = None


SOURCES = []
AUDIENCE = {}
ALL_CAPS = frozenset(cap for caps in CAPABILITIES.values() for cap in caps)


def register_counts(source):
    if source not in SOURCES:
        SOURCES.append(source)


def register_audience(audiences):
    """{action: capability, or None to keep the action out of the feed}."""
    AUDIENCE.update(audiences)


def counts(user, school):
    return [count for source in SOURCES for count in source(user, school)]


def audience(action):
    if action in AUDIENCE:
        return AUDIENCE[action]
    view = f"{action.split('.')[0]}.view"
    return view if view in ALL_CAPS else Cap.AUDIT_VIEW


def feed_actions(user, school):
    """The actions this person's feed shows at the school: known actions meant for them."""
    caps = ALL_CAPS if user.is_superuser else capabilities(user, school)
    return sorted(action for action in ACTION_LABELS if audience(action) in caps)


def feed(user, school, limit=10):
    """The school's latest events meant for this person (one query)."""
    return list(
        AuditEvent.objects.filter(Q(action__in=feed_actions(user, school)), org=school)
        .select_related("actor")
        .order_by("-created_at")[:limit]
    )
