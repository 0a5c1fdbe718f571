"""What reports add to the kernel: scopes, audit labels, the demo's summaries."""

from datetime import time

from django.utils.translation import gettext_lazy as _

from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.safety_calendar import register_source
from safecampus.core.schedule import Periodic, register
from safecampus.core.summary import register_audience
from safecampus.reports import seasons
from safecampus.reports.models import Summary

register_scope(Summary, "org")
register_labels(
    {
        "summary.request": _("Asked for a safety summary"),
        "summary.retry": _("Asked again for a safety summary"),
        "calendar.feed_create": _("Made a link to the safety calendar"),
        "calendar.feed_revoke": _("Revoked a link to the safety calendar"),
        "calendar.remind": _("Safety calendar reminder sent"),
        "summary.schedule": _("A report was asked for on its schedule"),
    }
)
# Who may read the summaries hears that one was asked for.
register_audience({"summary.request": "report.view", "summary.retry": "report.view",
                   "summary.schedule": "report.view"})  # fmt: skip
# A person's own calendar link and the morning's reminders are nobody else's news.
register_audience({"calendar.feed_create": None, "calendar.feed_revoke": None,
                   "calendar.remind": None})  # fmt: skip
# The calendar's own items: the seasonal inspections of the rule set (rules.md §6).
register_source(seasons.calendar_items)
# Each morning, the reminders whose lead time has come.
register(Periodic("calendar_reminders", "safecampus.reports.tasks.calendar_reminders",
                  at=time(7, 45)))  # fmt: skip
# Each night, the reports whose period has ended on their schedule (ReportSchedule).
register(Periodic("scheduled_reports", "safecampus.reports.tasks.scheduled_reports",
                  at=time(2, 30)))  # fmt: skip
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
