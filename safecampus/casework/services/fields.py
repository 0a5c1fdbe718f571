"""The checks every casework ledger makes of what a person typed and of who handles a record."""

from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.models import Membership
from safecampus.core.roles import Cap

TEXT_MAX = 4000


def text(problems, name, value, *, required_message=None, limit=TEXT_MAX):
    """The text stripped; too long, or empty where required_message is given, is a problem."""
    value = (value or "").strip()
    if len(value) > limit:
        problems[name] = _("At most %(n)d characters.") % {"n": limit}
    elif not value and required_message:
        problems[name] = required_message
    return value


def member_of(school, user):
    return user is not None and Membership.objects.active().filter(user=user, org=school).exists()


def handler_ok(handler, school):
    """A record is handled by someone who works at the school and may see its casework."""
    return member_of(school, handler) and has_cap(handler, Cap.CASEWORK_VIEW, school)


def handler_problem():
    return _("The person handling it works at this school and may see its casework.")
