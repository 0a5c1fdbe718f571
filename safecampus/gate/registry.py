"""What the gate adds to the kernel: scopes, audit labels, who may see its photos."""

from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap, register_scope, visible_orgs
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_metrics
from safecampus.core.reporting import register_parts
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.summary import register_audience, register_counts
from safecampus.gate import exports, metrics
from safecampus.gate.home import home_counts
from safecampus.gate.models import (
    Confiscation,
    DutyLog,
    ExitPermit,
    PickupPerson,
    PickupProposal,
    PickupRecord,
    Release,
    Visit,
    WatchlistEntry,
)
from safecampus.gate.queries import students_out_on_permits
from safecampus.students.family import register_child_page
from safecampus.students.hooks import register_absences

register_scope(Visit, "school")
register_scope(WatchlistEntry, "org")
register_scope(ExitPermit, "school")
register_scope(PickupPerson, "student__school")
register_scope(PickupRecord, "school")
register_scope(PickupProposal, "school")
register_scope(Confiscation, "school")
register_scope(DutyLog, "school")
register_scope(Release, "school")
register_metrics(metrics.METRICS)
# A student out on an exit permit starts an alarm's roll as absent today, with the reason.
register_absences(students_out_on_permits)
register_parts(metrics.PARTS)

register_labels(
    {
        "visit.check_in": gettext_lazy("Visitor checked in"),
        "release.hand_over": gettext_lazy("Student handed over after an incident"),
        "release.refuse": gettext_lazy("Hand-over refused: not on the pick-up list"),
        "visit.pre_register": gettext_lazy("Visit pre-registered"),
        "visit.check_out": gettext_lazy("Visitor checked out"),
        "visit.undo_check_out": gettext_lazy("Visitor's check-out undone"),
        "visit.refuse": gettext_lazy("Visitor refused entry"),
        "visit.override": gettext_lazy("Watchlisted visitor admitted (override)"),
        "gate.watchlist_hit": gettext_lazy("Watchlist match at the gate"),
        "watchlist.add": gettext_lazy("Added to the watchlist"),
        "watchlist.remove": gettext_lazy("Removed from the watchlist"),
        "exit.issue": gettext_lazy("Exit permit issued"),
        "exit.request": gettext_lazy("Exit permit requested"),
        "exit.approve": gettext_lazy("Exit permit approved"),
        "exit.cancel": gettext_lazy("Exit permit cancelled"),
        "exit.out": gettext_lazy("Student left (exit permit)"),
        "exit.return": gettext_lazy("Student returned"),
        "pickup.authorise": gettext_lazy("Pick-up person authorised"),
        "pickup.revoke": gettext_lazy("Pick-up authorisation withdrawn"),
        "pickup.photo": gettext_lazy("Pick-up person's photo added"),
        "pickup.propose": gettext_lazy("Pick-up person proposed by a guardian"),
        "pickup.confirm": gettext_lazy("Proposed pick-up person confirmed"),
        "pickup.refuse_proposal": gettext_lazy("Proposed pick-up person refused"),
        "pickup.withdraw_proposal": gettext_lazy("Proposed pick-up person withdrawn"),
        "pickup.hand_over": gettext_lazy("Child handed over"),
        "pickup.refuse": gettext_lazy("Pick-up refused"),
        "confiscation.record": gettext_lazy("Dangerous item confiscated"),
        "duty.record": gettext_lazy("Gate duty recorded"),
        "gate.settings": gettext_lazy("Gate settings changed"),
    }
)


def gate_attachment_guard(user, attachment):
    """Visitor photos for the school's gate staff; watchlist photos for the list's readers and
    the gate desks under it; pick-up persons' photos for those who hand children over."""
    visit = Visit.objects.filter(photo=attachment).select_related("school").first()
    if visit is not None:
        return has_cap(user, Cap.GATE_VIEW, visit.school)
    entry = WatchlistEntry.objects.filter(photo=attachment).select_related("org").first()
    if entry is not None:
        if has_cap(user, Cap.WATCHLIST_VIEW, entry.org):
            return True
        desks = visible_orgs(user, Cap.GATE_DESK).filter(path__startswith=entry.org.path)
        return desks.exists()
    # A proposed person's photo: for those who decide on it (the guardian is told the state;
    # their session never reaches the download route).
    proposal = PickupProposal.objects.filter(photo=attachment).select_related("school").first()
    if proposal is not None:
        return has_cap(user, Cap.PICKUP_MANAGE, proposal.school) or has_cap(
            user, Cap.GATE_DESK, proposal.school
        )
    person = PickupPerson.objects.filter(photo=attachment).select_related("student__school")
    person = person.first()
    if person is not None:
        school = person.student.school
        return has_cap(user, Cap.GATE_DESK, school) or has_cap(user, Cap.PICKUP_MANAGE, school)
    return None


ATTACHMENT_GUARDS.append(gate_attachment_guard)

# On a guardian's phone page, beside each child: what the gate recorded and who may pick up.
register_child_page(
    gettext_lazy("Exits, pick-ups and who may pick up"), "gate:family_child", "bi-door-open"
)

# Exits and pick-ups at the demo's gates are the demo's children.
register_demo("gate", "safecampus.gate.demo.load_demo_gate", after=["students"])

# On the home page: visitors on site and children still to pick up, counted.
register_counts(home_counts)
# In the home feed: a watchlist match and what follows from it reach the people who act on
# the list (leaders, security, the gate), never every teacher. The gate's routine traffic has
# its own logs (visitor log, exits, pick-ups, duty) and stays out of the feed.
register_audience(
    {
        "gate.watchlist_hit": Cap.WATCHLIST_VIEW,
        "visit.override": Cap.WATCHLIST_VIEW,
        "watchlist.add": Cap.WATCHLIST_VIEW,
        "watchlist.remove": Cap.WATCHLIST_VIEW,
        "visit.refuse": Cap.GATE_VIEW,
        "exit.issue": Cap.GATE_VIEW,
        "exit.request": Cap.GATE_VIEW,
        "exit.approve": Cap.GATE_VIEW,
        "exit.cancel": Cap.GATE_VIEW,
        "pickup.authorise": Cap.GATE_VIEW,
        "pickup.revoke": Cap.GATE_VIEW,
        "pickup.photo": Cap.GATE_VIEW,
        "pickup.propose": Cap.PICKUP_MANAGE,
        "pickup.confirm": Cap.GATE_VIEW,
        "pickup.refuse_proposal": Cap.PICKUP_MANAGE,
        "pickup.withdraw_proposal": Cap.PICKUP_MANAGE,
        "pickup.refuse": Cap.GATE_VIEW,
        "confiscation.record": Cap.GATE_VIEW,
        "gate.settings": Cap.GATE_VIEW,
        "visit.check_in": None,
        "visit.check_out": None,
        "visit.undo_check_out": None,
        "visit.pre_register": None,
        "exit.out": None,
        "exit.return": None,
        "pickup.hand_over": None,
        "release.hand_over": None,
        "release.refuse": Cap.GATE_VIEW,
        "duty.record": None,
    }
)

register_ledgers(
    [
        Ledger(
            "gate",
            "来访登记",
            Cap.GATE_REPORT,
            exports.visit_columns,
            exports.VISIT_WIDTHS,
            exports.VISIT_KINDS,
            exports.visit_rows,
            order=50,
        )
    ]
)
