"""What the patrols app adds to the kernel: scopes, audit labels, periodic work and the rule for
who may download a scan's photo."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_metrics
from safecampus.core.reporting import register_parts
from safecampus.core.roles import Cap
from safecampus.core.routine import register_routine
from safecampus.core.schedule import Periodic, register
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.summary import register_audience, register_counts
from safecampus.patrols import exports, metrics
from safecampus.patrols.home import home_counts
from safecampus.patrols.models import (
    Checkpoint,
    PatrolRules,
    Round,
    Route,
    RouteStop,
    RouteWindow,
    Scan,
)
from safecampus.patrols.queries import can_see_rounds, round_rows

register_scope(Checkpoint, "school")
register_scope(Route, "school")
register_scope(RouteStop, "route__school")
register_scope(RouteWindow, "route__school")
register_scope(Round, "school")
register_scope(Scan, "round__school")
register_scope(PatrolRules, "org")
register_metrics(metrics.METRICS)
register_parts(metrics.PARTS)

register_labels(
    {
        "patrol.checkpoint_add": _("Checkpoint added"),
        "patrol.checkpoint_edit": _("Checkpoint edited"),
        "patrol.label_renew": _("Checkpoint label replaced"),
        "patrol.route_add": _("Patrol route added"),
        "patrol.route_edit": _("Patrol route edited"),
        "patrol.window_add": _("Patrol time window added"),
        "patrol.window_remove": _("Patrol time window removed"),
        "patrol.round_start": _("Patrol round started"),
        "patrol.scan": _("Checkpoint scanned"),
        "patrol.scans": _("Checkpoints scanned (a phone's batch)"),
        "patrol.rules": _("Patrol rules changed"),
    }
)

# Every quarter of an hour: make today's rounds (idempotent) and close the ones that are over.
register(
    Periodic("patrol_rounds", "safecampus.patrols.tasks.patrol_rounds", every=timedelta(minutes=15))
)


def scan_photo_guard(user, attachment):
    scan = Scan.objects.filter(photo=attachment).select_related("round__school").first()
    if scan is None:
        return None
    return can_see_rounds(user, scan.round.school)


ATTACHMENT_GUARDS.append(scan_photo_guard)

# Its demo files hazards of its own: after the ledger's demo, which skips a school that has any.
register_demo("patrols", "safecampus.patrols.demo.load_demo_patrols", after=["hazards"])

# The day's patrol rounds are steps of the guard's day, beside their checks.
register_routine(round_rows)

# Rounds counted on the home page; each scan has its round's page, not the home feed.
register_counts(home_counts)
register_audience({"patrol.scan": None})

register_ledgers(
    [
        Ledger(
            "patrols",
            "巡查记录",
            Cap.PATROL_VIEW,
            exports.round_columns,
            exports.ROUND_WIDTHS,
            exports.ROUND_KINDS,
            exports.round_rows,
            order=40,
        )
    ]
)
