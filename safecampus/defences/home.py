"""The defences on a school home page: a guard's own duty today (one query) and, for the
school's keepers, this week's bands with no one on duty (one aggregate query)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.defences.queries import roster as queries


def home_counts(user, school):
    counts = []
    today = timezone.localdate()
    url = reverse("defences:roster", args=[school.pk])
    if has_cap(user, Cap.DEFENCE_DUTY, school):
        mine = list(queries.my_duty(user, school, today))
        where = "; ".join(f"{slot.band} · {slot.zone.path_name}" for slot in mine)
        counts.append(
            HomeCount(
                "duty-today",
                _("My duty today") + (f": {where}" if where else ""),
                len(mine),
                f"{url}?mine=1",
                Cap.DEFENCE_DUTY,
                urgent=False,
            )
        )
    if has_cap(user, Cap.DEFENCE_MANAGE, school):
        monday = queries.week_of(today)
        gaps, _nights = queries.gaps_by_school(Org.objects.filter(pk=school.pk), monday).get(
            school.pk, (0, 0)
        )
        counts.append(
            HomeCount(
                "duty-gaps", _("Duty bands with no one this week"), gaps, url, Cap.DEFENCE_MANAGE
            )
        )
    return counts
