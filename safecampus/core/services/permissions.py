"""The capability check every service makes before it changes anything."""

from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.errors import PermissionRefused


def _refuse():
    raise PermissionRefused(_("You do not have permission to do this here."))


def require(actor, capability, org):
    if not has_cap(actor, capability, org):
        _refuse()


def require_any(actor, org, *capabilities):
    """Any one of `capabilities` in `org` will do (e.g. the desk or the class's head teacher)."""
    if not any(has_cap(actor, capability, org) for capability in capabilities):
        _refuse()
