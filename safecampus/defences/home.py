"""The defences on a school home page: a guard's own duty today (one query). The school's
leaders see the week's gaps on the roster and the defences page instead, so their home costs
nothing more."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.defences.queries import roster as queries


def home_counts(user, school):
    # Guards are the ones on the roster: they hold defence.duty without defence.view.
    if not has_cap(user, Cap.DEFENCE_DUTY, school) or has_cap(user, Cap.DEFENCE_VIEW, school):
        return []
    mine = list(queries.my_duty(user, school, timezone.localdate()))
    where = "; ".join(f"{slot.band} · {slot.zone.path_name}" for slot in mine)
    url = reverse("defences:roster", args=[school.pk])
    return [
        HomeCount(
            "duty-today",
            _("My duty today") + (f": {where}" if where else ""),
            len(mine),
            f"{url}?mine=1",
            Cap.DEFENCE_DUTY,
            urgent=False,
        )
    ]
