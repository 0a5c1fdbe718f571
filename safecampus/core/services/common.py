"""Helpers every service uses: the capability gate."""

from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.errors import PermissionRefused


def require(actor, capability, org):
    if not has_cap(actor, capability, org):
        raise PermissionRefused(_("You do not have permission to do this here."))
