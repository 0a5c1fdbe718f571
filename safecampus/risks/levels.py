"""Risk levels from LEC and matrix scores, by the bands of a rule set.

Bands are half-open intervals [lower, next lower): a score at a band's lower bound belongs to
that band. Sources (rules.md §2, both marked as common practice, not national rules): LEC
D = L × E × C with D ≥ 320 major (red), 160–320 significant (orange), 70–160 general (yellow),
below 70 low (blue); the 5×5 matrix R = L × S with 20–25 / 9–16 / 4–8 / 1–3.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    # A context of their own: "Major" is 重大风险 here, 重大隐患 for a hazard's grade.
    MAJOR = "major", pgettext_lazy("risk level", "Major")
    SIGNIFICANT = "significant", pgettext_lazy("risk level", "Significant")
    GENERAL = "general", pgettext_lazy("risk level", "General")
    LOW = "low", pgettext_lazy("risk level", "Low")


ORDER = [Level.LOW, Level.GENERAL, Level.SIGNIFICANT, Level.MAJOR]

DEFAULT_COLOURS = {
    Level.MAJOR: "#d7191c",
    Level.SIGNIFICANT: "#f28e2b",
    Level.GENERAL: "#f6d32d",
    Level.LOW: "#2c7bb6",
}


class Method(models.TextChoices):
    LEC = "lec", _("LEC (D = L × E × C)")
    MATRIX = "matrix", _("Risk matrix (R = L × S)")


# The standard value lists of the LEC method (rules.md §2).
LEC_L = [
    (Decimal("10"), _("Fully expected")),
    (Decimal("6"), _("Quite possible")),
    (Decimal("3"), _("Possible but unusual")),
    (Decimal("1"), _("Unlikely, a pure accident")),
    (Decimal("0.5"), _("Very unlikely, conceivable")),
    (Decimal("0.2"), _("Extremely unlikely")),
    (Decimal("0.1"), _("Practically impossible")),
]
LEC_E = [
    (Decimal("10"), _("Continuous exposure")),
    (Decimal("6"), _("Daily, in working hours")),
    (Decimal("3"), _("Weekly or occasionally")),
    (Decimal("2"), _("Monthly")),
    (Decimal("1"), _("A few times a year")),
    (Decimal("0.5"), _("Very rarely")),
]
LEC_C = [
    (Decimal("100"), _("Catastrophe, many deaths")),
    (Decimal("40"), _("Disaster, several deaths")),
    (Decimal("15"), _("Very serious, one death")),
    (Decimal("7"), _("Serious injury")),
    (Decimal("3"), _("Major, disability")),
    (Decimal("1"), _("Noticeable, needs first aid")),
]
# The 5×5 matrix's scales, worded as common school practice words them (a label per step, so a
# choice is never a bare number); the numbers are what the grade is computed from.
MATRIX_L = [
    (Decimal(5), _("Almost certain")),
    (Decimal(4), _("Likely")),
    (Decimal(3), _("Possible")),
    (Decimal(2), _("Unlikely")),
    (Decimal(1), _("Rare")),
]
MATRIX_S = [
    (Decimal(5), _("Catastrophic: deaths or many people hurt")),
    (Decimal(4), _("Serious: a serious injury")),
    (Decimal(3), _("Moderate: an injury needing a doctor")),
    (Decimal(2), _("Minor: first aid on the spot")),
    (Decimal(1), _("Negligible")),
]

# Default bands: (lower bound, level), highest first.
DEFAULT_LEC_BANDS = [
    (320, Level.MAJOR),
    (160, Level.SIGNIFICANT),
    (70, Level.GENERAL),
    (0, Level.LOW),
]
DEFAULT_MATRIX_BANDS = [
    (20, Level.MAJOR),
    (9, Level.SIGNIFICANT),
    (4, Level.GENERAL),
    (0, Level.LOW),
]


def score(method, *, likelihood, exposure=None, consequence=None, severity=None):
    if method == Method.LEC:
        return Decimal(likelihood) * Decimal(exposure) * Decimal(consequence)
    return Decimal(likelihood) * Decimal(severity)


def plain(value):
    """A score or factor as people write it: 540 and 0.5, never 5.4E+2 or 540.00."""
    return format(Decimal(value).normalize(), "f")


def level_for(value, bands):
    """The level of `value`: the first band, highest first, whose lower bound it reaches."""
    for lower, level in sorted(bands, key=lambda band: Decimal(str(band[0])), reverse=True):
        if Decimal(value) >= Decimal(str(lower)):
            return Level(level)
    return Level(sorted(bands, key=lambda band: Decimal(str(band[0])))[0][1])


def rank(level):
    return ORDER.index(Level(level))


def control_level_for(level):
    """Who controls a risk by default: major → school, significant → department, general →
    group, low → post (the grade decides unless overridden with a reason)."""
    return {
        Level.MAJOR: ControlLevel.SCHOOL,
        Level.SIGNIFICANT: ControlLevel.DEPARTMENT,
        Level.GENERAL: ControlLevel.GROUP,
        Level.LOW: ControlLevel.POST,
    }[Level(level)]


class ControlLevel(models.TextChoices):
    SCHOOL = "school", pgettext_lazy("control level", "School (principal)")
    DEPARTMENT = "department", pgettext_lazy("control level", "Department")
    GROUP = "group", pgettext_lazy("control level", "Group")
    POST = "post", pgettext_lazy("control level", "Post")
