"""Transport on a school's home page: trips with a child unaccounted for (urgent, whatever the
day) and today's trips, in one aggregate query, each linking to the trips list."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.transport.queries.departments import department_of, inbox_counts
from safecampus.transport.queries.surroundings import open_counts as problem_counts
from safecampus.transport.queries.trips import today_counts


def home_counts(user, school):
    if not has_cap(user, Cap.TRANSPORT_VIEW, school):
        return []
    counts = today_counts(user, school)
    url = reverse("transport:trips", args=[school.pk])
    shown = [
        HomeCount(
            "bus-unaccounted",
            _("Bus trips with a student unaccounted for"),
            counts["unaccounted"],
            url + "?status=unaccounted",
            Cap.TRANSPORT_VIEW,
        )
    ]
    if counts["today"]:
        shown.append(
            HomeCount(
                "bus-trips-today",
                _("Bus trips today"),
                counts["today"],
                url,
                Cap.TRANSPORT_VIEW,
                urgent=False,
            )
        )
    return [c for c in shown if c.count or c.key == "bus-unaccounted"]


def surroundings_counts(user, school):
    """Problems near the school awaiting the school's own step: to refer, or to re-check."""
    if not has_cap(user, Cap.SURROUNDINGS_MANAGE, school):
        return []
    counts = problem_counts(user, school)
    url = reverse("transport:problems", args=[school.pk])
    shown = [
        ("surroundings-reported", _("Problems near the school to refer"), counts["reported"],
         url + "?status=reported"),
        ("surroundings-recheck", _("Department answers to re-check"), counts["to_recheck"],
         url + "?status=answered"),
    ]  # fmt: skip
    return [HomeCount(k, label, n, link, Cap.SURROUNDINGS_VIEW) for k, label, n, link in shown if n]


def department_panel(user, org):
    """An outside department's person lands on their home page and finds what is referred to
    them first."""
    if org.is_school or not has_cap(user, Cap.SURROUNDINGS_ANSWER, org):
        return None
    return {"counts": inbox_counts(user), "department": department_of(user)}
