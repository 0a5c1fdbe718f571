"""What the emergency services share: the people to tell."""

from safecampus.core.access import holders
from safecampus.core.roles import BUREAU_ROLES, Cap


def responders(school):
    """Everyone who hears an alarm at this school: its responders, the bureau, the police."""
    return list(holders(Cap.ALARM_RESPOND, school))


def is_reinforcement(user, school):
    """Police and bureau people arriving are the reinforcement stage, not mutual rescue."""
    from safecampus.core.access import roles_in

    roles = roles_in(user, school)
    return bool(roles) and roles <= set(BUREAU_ROLES)
