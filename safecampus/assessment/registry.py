"""What the assessment app adds to the kernel: the scope of its rows, its audit labels, the
cockpit's card on a bureau person's home page, the guard of the evidence files, its metrics and
its demo."""

from django.utils.translation import gettext_lazy as _

from safecampus.assessment import cockpit, metrics, safety_calendar
from safecampus.assessment.models import (
    Appeal,
    CockpitWeight,
    Entry,
    Round,
    RoundSchool,
    Scheme,
    Veto,
)
from safecampus.core.access import has_cap, register_scope, visible_to
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.metrics import register_metrics
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import register_source
from safecampus.core.schedule import Periodic, register
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.views.home import register_home_panel

register_scope(CockpitWeight, "org")
register_scope(Scheme, "org")
register_scope(Round, "bureau")
# A sheet, its entries, vetoes and appeals are the school's: its own people and the bureaus
# above it see them; a school never sees another school's.
register_scope(RoundSchool, "school")
register_scope(Entry, "sheet__school")
register_scope(Veto, "sheet__school")
register_scope(Appeal, "sheet__school")

register_labels(
    {
        "cockpit.weights": _("Cockpit ranking weights changed"),
        "scheme.copy": _("Assessment scheme copied"),
        "scheme.edit": _("Assessment scheme changed"),
        "assessment.round_create": _("Assessment round drafted"),
        "assessment.round_open": _("Assessment round opened"),
        "assessment.self_assess": _("Self-assessment recorded"),
        "assessment.submit": _("Self-assessment handed in"),
        "assessment.start_scoring": _("Assessment scoring started"),
        "assessment.score": _("Assessment points given"),
        "assessment.veto": _("Assessment veto applied"),
        "assessment.publish": _("Assessment results published"),
        "assessment.appeal": _("Assessment appeal filed"),
        "assessment.answer": _("Assessment appeal answered"),
        "assessment.close": _("Assessment round closed"),
    }
)

register_metrics(metrics.METRICS)
# The cockpit's figures over all the schools, read by the bureau's cockpit and the profiles.
register(
    Periodic(
        "cockpit_snapshot",
        "safecampus.assessment.tasks.take_cockpit_snapshot",
        every=cockpit.SNAPSHOT_EVERY,
    )
)


def evidence_guard(user, attachment):
    """A self-assessment's evidence: whoever may read the sheet (its school, the bureau)."""
    held = Entry.objects.filter(attachments=attachment)
    if not held.exists():
        return None
    return visible_to(user, Entry).filter(pk__in=held.values("pk")).exists()


ATTACHMENT_GUARDS.append(evidence_guard)

register_demo("assessment", "safecampus.assessment.demo.load", after=["hazards", "checks"])


def cockpit_panel(user, org):
    """A bureau's people land on their home page and find the cockpit first on it."""
    if org.is_school or not has_cap(user, Cap.COCKPIT_VIEW, org):
        return None
    return {"org": org}


register_home_panel("assessment/_home.html", cockpit_panel)


def rounds_panel(user, org):
    """The bureau's assessment rounds, next to the cockpit on its people's home page."""
    if org.is_school or not has_cap(user, Cap.ASSESSMENT_VIEW, org):
        return None
    return {"org": org}


register_home_panel("assessment/_home_rounds.html", rounds_panel)


# The app's items of the school's safety calendar (core.safety_calendar).
register_source(safety_calendar.calendar_items)
