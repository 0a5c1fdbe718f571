"""Who may open transport's pages: readers of the school's transport, and attendants for the
routes and trips they run."""

from django.core.exceptions import PermissionDenied

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap


def check_rider_or_reader(user, school):
    if not (has_cap(user, Cap.TRANSPORT_VIEW, school) or has_cap(user, Cap.TRANSPORT_RIDE, school)):
        raise PermissionDenied
