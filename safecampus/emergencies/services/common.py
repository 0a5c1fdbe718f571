"""What the emergency services share: gates and the people to tell."""

from django.utils.translation import gettext as _

from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.roles import BUREAU_ROLES, Cap


def require_any(actor, caps, org):
    if not any(has_cap(actor, cap, org) for cap in caps):
        raise PermissionRefused(_("You do not have permission to do this here."))


def replayed(model, client_uuid, school):
    """The row a repeated client id made before (a phone replaying its queue), or None; an id
    another school used is refused."""
    if client_uuid is None:
        return None
    existing = model.objects.filter(client_uuid=client_uuid).first()
    if existing is not None and existing.school_id != school.pk:
        raise DomainError(_("This submission id was already used."))
    return existing


def responders(school):
    """Everyone who hears an alarm at this school: its responders, the bureau, the police."""
    return list(holders(Cap.ALARM_RESPOND, school))


def is_reinforcement(user, school):
    """Police and bureau people arriving are the reinforcement stage, not mutual rescue."""
    from safecampus.core.access import roles_in

    roles = roles_in(user, school)
    return bool(roles) and roles <= set(BUREAU_ROLES)
