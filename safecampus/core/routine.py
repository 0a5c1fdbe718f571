"""A person's day at one school (流程化): the steps that each app adds, in time order.

Apps register a source in their registry.py: source(user, school, now) returns that app's
RoutineRows for the person today (checks, patrol rounds, ...). The checks app shows the day.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass
class RoutineRow:
    """One step of a person's day: a scheduled check or a patrol round."""

    kind: str  # "check" or "patrol"
    starts: datetime
    ends: datetime
    name: str
    place: str
    state: str  # done, late, missed, open, later (checks); a round's status (patrols)
    state_label: str
    url: str
    done: bool


SOURCES = []


def register_routine(source):
    if source not in SOURCES:
        SOURCES.append(source)


def routine(user, school, now=None):
    """Every registered step of the person's day at the school, in time order."""
    now = now or timezone.now()
    rows = [row for source in SOURCES for row in source(user, school, now)]
    rows.sort(key=lambda r: (r.starts, r.kind, r.name))
    return rows
