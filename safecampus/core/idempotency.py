"""Client ids on creates: a phone that lost signal replays its queue, and a repeat of the same
UUID must return the first result and create nothing."""

from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError


def replayed(model, client_uuid, **owner):
    """The row an earlier submission with this client id made, or None for a new id.

    `owner` names what the row must belong to (`school=school`, `round=round_`,
    `inspector=actor`): an id already used by someone or somewhere else is refused rather than
    answered with a row the caller may not see.
    """
    if client_uuid is None:
        return None
    existing = model._default_manager.filter(client_uuid=client_uuid).first()
    if existing is None:
        return None
    for name, value in owner.items():
        attname = model._meta.get_field(name).attname
        if getattr(existing, attname) != getattr(value, "pk", value):
            raise DomainError(_("This submission id was already used."))
    return existing


def already_saved(model, client_uuid, **owner):
    """Whether this client id is a replay of the caller's own earlier submission; the API answers
    200 instead of 201 then. A foreign id is not a replay: the service refuses it, after its own
    permission check."""
    try:
        return replayed(model, client_uuid, **owner) is not None
    except DomainError:
        return False
