"""Every change in patrols: one function per action, in a transaction, audited.

Split by concept (rules, checkpoints, routes, the default routes, walking a round, scans in
batches); import from
here.
"""

from safecampus.patrols.services.batch import ScanItem, ScanOutcome, record_scans
from safecampus.patrols.services.checkpoints import (
    create_checkpoint,
    normalise_code,
    renew_label,
    update_checkpoint,
)
from safecampus.patrols.services.defaults import create_default_routes
from safecampus.patrols.services.routes import (
    add_window,
    create_route,
    remove_window,
    update_route,
)
from safecampus.patrols.services.rules import set_rules
from safecampus.patrols.services.scans import (
    HAZARD_NAMESPACE,
    effective_time,
    hazard_origin,
    may_start,
    parse_label,
    record_scan,
    start_note,
    start_round,
)

__all__ = [
    "HAZARD_NAMESPACE",
    "ScanItem",
    "ScanOutcome",
    "add_window",
    "create_checkpoint",
    "create_default_routes",
    "create_route",
    "effective_time",
    "hazard_origin",
    "may_start",
    "normalise_code",
    "parse_label",
    "record_scan",
    "record_scans",
    "remove_window",
    "renew_label",
    "set_rules",
    "start_note",
    "start_round",
    "update_checkpoint",
    "update_route",
]
