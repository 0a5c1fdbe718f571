"""Every change in reports, by concept: summaries (asked for, written by the worker) and the
safety calendar (links for phones' calendars, reminders)."""

from safecampus.reports.services.calendar import create_feed, revoke_feed, send_reminders
from safecampus.reports.services.schedule import request_scheduled, write_scheduled
from safecampus.reports.services.summaries import (
    FAILED,
    READY,
    documents_for,
    is_waiting,
    move,
    request_summary,
    retry_summary,
    write_summary,
)

__all__ = [
    "FAILED",
    "READY",
    "create_feed",
    "documents_for",
    "is_waiting",
    "move",
    "request_scheduled",
    "request_summary",
    "retry_summary",
    "revoke_feed",
    "send_reminders",
    "write_scheduled",
    "write_summary",
]
