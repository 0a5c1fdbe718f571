"""What the hazards app adds to the shared kernel: scopes, audit labels, periodic work and the
rule for who may download a hazard's photos."""

from datetime import time

from django.utils.translation import gettext_lazy as _

from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_breakdowns, register_metrics
from safecampus.core.reporting import register_parts
from safecampus.core.roles import Cap
from safecampus.core.schedule import Periodic, register
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.summary import register_counts
from safecampus.hazards import exports, metrics
from safecampus.hazards.home import home_counts
from safecampus.hazards.models import ExtensionRequest, Hazard, HazardEvent, HazardRuleSet

register_scope(Hazard, "school")
register_scope(HazardEvent, "hazard__school")
register_scope(ExtensionRequest, "hazard__school")
register_scope(HazardRuleSet, "org")
register_metrics(metrics.METRICS)
register_breakdowns(metrics.BREAKDOWNS)
register_parts(metrics.PARTS)

register_labels(
    {
        "hazard.report": _("Hazard reported"),
        "hazard.confirm": _("Hazard confirmed"),
        "hazard.reject": _("Hazard rejected"),
        "hazard.merge": _("Hazard merged"),
        "hazard.assign": _("Hazard assigned"),
        "hazard.reassign": _("Hazard's five items changed"),
        "hazard.rectify": _("Hazard rectified"),
        "hazard.request_extension": _("Extension requested"),
        "hazard.grant_extension": _("Extension granted"),
        "hazard.refuse_extension": _("Extension refused"),
        "hazard.accept": _("Rectification accepted"),
        "hazard.send_back": _("Sent back for rectification"),
        "hazard.bureau_send_back": _("Sent back by the bureau"),
        "hazard.sign_off": _("Signed off by the bureau"),
        "hazard.supervise": _("Bureau supervision comment"),
        "hazard.import": _("Hazards imported"),
        "hazard.rules": _("Hazard rules changed"),
    }
)

# The ledger's demo goes first: it fills only schools that have no hazard yet.
register_demo("hazards", "safecampus.hazards.demo.load_demo_hazards")

register(Periodic("hazard_reminders", "safecampus.hazards.tasks.hazard_reminders", at=time(8, 0)))


def hazard_photo_guard(user, attachment):
    event = HazardEvent.objects.filter(photos=attachment).select_related("hazard__school").first()
    if event is None:
        return None
    from safecampus.hazards.queries import can_view

    return can_view(user, event.hazard)


ATTACHMENT_GUARDS.append(hazard_photo_guard)

# What the ledger asks of a school's people, on their home page.
register_counts(home_counts)

register_ledgers(
    [
        Ledger(
            "hazards",
            exports.SHEET_TITLE,
            Cap.HAZARD_VIEW,
            lambda: exports.COLUMNS,
            tuple(exports.WIDTHS),
            tuple(exports.KINDS),
            exports.term_rows,
            order=10,
        )
    ]
)
