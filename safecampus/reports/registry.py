"""What reports add to the kernel: scopes, audit labels, the demo's summaries."""

from django.utils.translation import gettext_lazy as _

from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.summary import register_audience
from safecampus.reports.models import Summary

register_scope(Summary, "org")
register_labels(
    {
        "summary.request": _("Asked for a safety summary"),
        "summary.retry": _("Asked again for a safety summary"),
    }
)
# Who may read the summaries hears that one was asked for.
register_audience({"summary.request": "report.view", "summary.retry": "report.view"})
register_demo(
    "reports",
    "safecampus.reports.demo.load",
    # Last: a summary states what every other part of the demo wrote.
    after=[
        "hazards",
        "risks",
        "checks",
        "patrols",
        "gate",
        "emergencies",
        "supervision_visits",
        "supervision_campaigns",
        "supervision_dispatch",
        "transport",
        "surroundings",
        "assessment",
        "casework",
        "education",
        "defences",
    ],
)
