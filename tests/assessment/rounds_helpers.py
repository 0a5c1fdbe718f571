"""Rounds for the assessment tests: the starter scheme on the demo district, brought to any
state through the services."""

from datetime import date

from safecampus.assessment.models import Entry, RoundStatus, Scheme
from safecampus.assessment.services import rounds as services
from safecampus.core.models import Org, User
from safecampus.core.services.notifications import muted


def admin():
    return User.objects.get(username="bureau.admin")


def inspector():
    return User.objects.get(username="bureau.inspector")


def starter_version():
    scheme = Scheme.objects.filter(org=None).order_by("pk").first()
    return scheme.versions.order_by("-number").first()


def district():
    return Org.objects.get(code="demo-district")


def score_all(round_, points=None):
    """Every entry of the round given `points` (None: its maximum)."""
    for entry in Entry.objects.filter(sheet__round=round_).select_related("indicator", "sheet"):
        services.score_entry(
            actor=inspector(),
            entry=entry,
            points=entry.indicator.max_points if points is None else points,
        )


def make_round(status=RoundStatus.DRAFT, *, year=2001, schools=("s01", "s02"), scored=True):
    """A round of the demo district over `year` for the named schools (by their street is not
    a choice a target offers, so the others are taken out after it is opened)."""
    with muted():
        round_ = services.create_round(
            actor=admin(),
            bureau=district(),
            version=starter_version(),
            title=f"{year}年度考核",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            self_due=date(year, 12, 1),
            appeal_days=10,
            target={},
        )
        if status == RoundStatus.DRAFT:
            return round_
        services.open_round(actor=admin(), round_=round_)
        round_.sheets.exclude(school__code__in=schools).delete()
        if status == RoundStatus.SELF_ASSESSMENT:
            return round_
        services.start_scoring(actor=admin(), round_=round_)
        if status == RoundStatus.SCORING:
            return round_
        if scored:
            # Every indicator given a point at once: the scoring service is tested on its own.
            Entry.objects.filter(sheet__round=round_).update(points=1)
        services.publish_round(actor=admin(), round_=round_)
        if status == RoundStatus.PUBLISHED:
            return round_
        services.close_round(actor=admin(), round_=round_)
        return round_
