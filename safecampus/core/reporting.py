"""What a safety summary (安全工作总结) is made of: its chapters, and the parts each module puts
in them.

The chapters are the sections schools write under (seed 002; `../shared/docs/rules-next.md`
§6): the summary's shape is the same whichever modules a deployment has. A module adds a part
to a chapter from its `registry.py` (`register_parts(...)`): the metrics the part states (read
through `core.metrics`, so one query per metric for all the schools of a district), the monthly
trend it draws, and, for one school, the detail tables that only it can read (drills with their
evacuation times, alarms with their 1-3-5 outcome). The reports app writes the document and
never imports a module; a module built later adds its part without touching the report code.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from safecampus.core.models import ResponsibilityLetter
from safecampus.core.roles import Cap


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    # What the officer writes here in their own words; the document leaves room for it.
    prompt: str


CHAPTERS = (
    Chapter(
        "principles",
        _("Guiding principle and aims"),
        _("The principle the school worked to this period and what it set out to achieve."),
    ),
    Chapter(
        "systems",
        _("Systems and responsibility letters"),
        _("Rules made or revised, and how responsibility was assigned and signed for."),
    ),
    Chapter(
        "evaluation",
        _("Risk evaluation"),
        _("How risks were identified, graded and controlled."),
    ),
    Chapter(
        "daily",
        _("Daily security and hazard checks"),
        _("How checks and patrols ran and how hazards were found and put right."),
    ),
    Chapter(
        "education",
        _("Safety education"),
        _("Lessons, lectures, theme days and what was sent to families."),
    ),
    Chapter(
        "emergency",
        _("Fire safety, drills and emergencies"),
        _("Drills held, alarms and incidents, and what was learnt from them."),
    ),
    Chapter(
        "other",
        _("Other duties"),
        _("Supervision by the bureau and other safety work."),
    ),
    Chapter(
        "problems",
        _("Main problems"),
        _("What is not yet good enough, and why."),
    ),
    Chapter(
        "next",
        _("Next steps"),
        _("What will be done next period, by whom and by when."),
    ),
)
CHAPTER_KEYS = {chapter.key for chapter in CHAPTERS}


@dataclass(frozen=True)
class Table:
    """A detail table of one school's summary: a title, a header row and rows of text."""

    title: str
    header: tuple
    rows: list


@dataclass(frozen=True)
class SummaryPart:
    """One module's part of a chapter.

        `metrics`: keys of `core.metrics` whose figures the part states (a school's own figure; a
        district's total, or for a rate its median and range across the schools). `breakdowns`: keys
    of `core.metrics` breakdowns shown as a table (hazards by category). `trend`: count
        metrics drawn month by month as a chart. `details(school, period)` → [Table]: one school's
        records the figures stand for, read with no viewer (the person who asked for the summary
        was checked when it was asked for). `cap`: who may see the part (a capability, or a tuple
        of which any will do: the school's gate desk or the bureau's oversight).
    """

    key: str
    chapter: str
    title: str
    cap: str | tuple
    order: int = 50
    metrics: tuple = ()
    breakdowns: tuple = ()
    trend: tuple = ()
    details: Callable | None = None


PARTS: dict[str, SummaryPart] = {}


def register_parts(parts):
    """Add a module's parts of the summary, from its registry.py."""
    for part in parts:
        if part.chapter not in CHAPTER_KEYS:
            raise ImproperlyConfigured(f"summary part {part.key}: no chapter {part.chapter}")
        known = PARTS.get(part.key)
        if known is not None and known != part:
            raise ImproperlyConfigured(f"two summary parts are named {part.key}")
        PARTS[part.key] = part


def may_see(part, caps):
    wanted = (part.cap,) if isinstance(part.cap, str) else part.cap
    return any(cap in caps for cap in wanted)


def parts_in(chapter, caps):
    """The parts of a chapter that a holder of `caps` may see, in their order."""
    found = [p for p in PARTS.values() if p.chapter == chapter and may_see(p, caps)]
    return sorted(found, key=lambda p: (p.order, p.key))


def letter_table(school, period):
    """The kernel's own part: responsibility letters issued in the period and how many of
    their recipients have signed."""
    letters = (
        ResponsibilityLetter.objects.filter(
            school=school,
            issued_at__gte=period.bounds[0],
            issued_at__lt=period.bounds[1],
        )
        .annotate(
            sent=Count("recipients"),
            signed=Count("recipients", filter=Q(recipients__signed_at__isnull=False)),
        )
        .order_by("issued_at", "pk")
    )
    return [
        Table(
            _("Responsibility letters issued"),
            (_("Title"), _("Valid"), _("Signed / sent")),
            [
                (
                    letter.title,
                    f"{letter.term_start} – {letter.term_end}",
                    f"{letter.signed} / {letter.sent}",
                )
                for letter in letters
            ],
        )
    ]


KERNEL_PARTS = [
    SummaryPart(
        "letters",
        "systems",
        _("Responsibility letters"),
        Cap.LETTER_VIEW,
        details=letter_table,
    ),
]


# Other documents the reports app writes with the summaries' pipeline --------------------------


@dataclass(frozen=True)
class Section:
    """A numbered section of a report: figures (label, value), tables, and room for the
    officer's words (`prompt`)."""

    title: str
    figures: list
    tables: list
    prompt: str = ""


@dataclass(frozen=True)
class ReportKind:
    """A document besides the summary, written by the task worker as the summaries are (the
    risk assessment report). `build(org, period, previous)` → (sections, snapshot): `previous`
    is the snapshot kept with the org's last finished report of this kind (None the first
    time), so a report states the change since the last one; the snapshot is JSON. `title`
    names the document ("risk assessment report"); `cap` is who may ask for and read it."""

    key: str
    title: str
    cap: str
    build: Callable


REPORT_KINDS: dict[str, ReportKind] = {}


def register_report(kind):
    """Add a module's document, from its registry.py."""
    known = REPORT_KINDS.get(kind.key)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"two reports are named {kind.key}")
    REPORT_KINDS[kind.key] = kind


def reports_for(caps):
    """The documents a holder of `caps` may ask for, by title."""
    return sorted((k for k in REPORT_KINDS.values() if k.cap in caps), key=lambda k: k.key)
