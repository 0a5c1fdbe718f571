"""Who answers an alarm: the people to tell, and who counts as the reinforcement."""

from safecampus.core.access import holders, roles_in
from safecampus.core.roles import BUREAU_ROLES, Cap


def responders(school):
    """Everyone who hears an alarm at this school: its responders, the bureau, the police."""
    return list(holders(Cap.ALARM_RESPOND, school))


def is_reinforcement(user, school):
    """Police and bureau people arriving are the reinforcement stage, not mutual rescue."""
    roles = roles_in(user, school)
    return bool(roles) and roles <= set(BUREAU_ROLES)
