"""What every page needs: the bell's unread count and the person's home org."""

from safecampus.core.access import capabilities, primary_org
from safecampus.core.queries import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    org = primary_org(user)
    return {
        "unread_count": unread_count(user),
        "home_org": org,
        "home_caps": capabilities(user, org) if org else frozenset(),
    }
