"""What the emergency services share: gates and the people to tell."""

from django.utils.translation import gettext as _

from safecampus.core.access import has_cap, holders
from safecampus.core.errors import PermissionRefused
from safecampus.core.roles import BUREAU_ROLES, Cap


def require_any(actor, caps, org):
    if not any(has_cap(actor, cap, org) for cap in caps):
        raise PermissionRefused(_("You do not have permission to do this here."))


def responders(school):
    """Everyone who hears an alarm at this school: its responders, the bureau, the police."""
    return list(holders(Cap.ALARM_RESPOND, school))


def is_reinforcement(user, school):
    """Police and bureau people arriving are the reinforcement stage, not mutual rescue."""
    from safecampus.core.access import roles_in

    roles = roles_in(user, school)
    return bool(roles) and roles <= set(BUREAU_ROLES)
