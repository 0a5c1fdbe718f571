"""What the assessment app adds to the kernel: the scope of its rows, its audit label, and the
cockpit's card on a bureau person's home page."""

from django.utils.translation import gettext_lazy as _

from safecampus.assessment.models import CockpitWeight
from safecampus.core.access import has_cap, register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.roles import Cap
from safecampus.core.views.home import register_home_panel

register_scope(CockpitWeight, "org")

register_labels({"cockpit.weights": _("Cockpit ranking weights changed")})


def cockpit_panel(user, org):
    """A bureau's people land on their home page and find the cockpit first on it."""
    if org.is_school or not has_cap(user, Cap.COCKPIT_VIEW, org):
        return None
    return {"org": org}


register_home_panel("assessment/_home.html", cockpit_panel)
