"""What transport adds to the kernel: scopes, audit labels, metrics, home counts, the demo."""

from django.utils.translation import gettext_lazy

from safecampus.core.access import register_scope, visible_to
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_metrics
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import ATTACHMENT_GUARDS
from safecampus.core.summary import register_audience, register_counts
from safecampus.core.views.home import register_home_panel
from safecampus.transport import exports, metrics
from safecampus.transport.home import department_panel, home_counts, surroundings_counts
from safecampus.transport.models import (
    BusRoute,
    CrossingPost,
    DepartmentMember,
    Driver,
    JointInspection,
    Outing,
    OutingRules,
    OutsideDepartment,
    Rider,
    Stop,
    SurroundingsProblem,
    TrafficPlan,
    Trip,
    TripMark,
    Vehicle,
    VolunteerShift,
)
from safecampus.transport.queries.departments import referred_to_me

register_scope(Vehicle, "school")
register_scope(Driver, "school")
register_scope(BusRoute, "school")
register_scope(Stop, "route__school")
register_scope(Rider, "route__school")
register_scope(Trip, "school")
register_scope(TripMark, "trip__school")
register_scope(SurroundingsProblem, "school")
register_scope(JointInspection, "school")
register_scope(OutsideDepartment, "area")
register_scope(DepartmentMember, "department__area")
register_scope(Outing, "school")
register_scope(OutingRules, "org")
register_scope(TrafficPlan, "school")
register_scope(CrossingPost, "school")
register_scope(VolunteerShift, "post__school")

register_metrics(metrics.METRICS)
register_counts(home_counts)
register_counts(surroundings_counts)
register_home_panel("transport/departments/_home.html", department_panel)

register_labels(
    {
        "bus.vehicle": gettext_lazy("School bus added or changed"),
        "bus.driver": gettext_lazy("Bus driver added or changed"),
        "bus.route": gettext_lazy("Bus route added or changed"),
        "bus.stop": gettext_lazy("Bus stop added"),
        "bus.rider_add": gettext_lazy("Student put on a bus route"),
        "bus.rider_remove": gettext_lazy("Student taken off a bus route"),
        "bus.trip_start": gettext_lazy("Bus trip started"),
        "bus.board": gettext_lazy("Student boarded the bus"),
        "bus.alight": gettext_lazy("Student got off the bus"),
        "bus.absent": gettext_lazy("Student did not ride the bus"),
        "bus.account": gettext_lazy("Missing bus rider accounted for"),
        "bus.trip_end": gettext_lazy("Bus trip ended"),
        "bus.unaccounted": gettext_lazy("Bus trip ended with a student unaccounted for"),
        "bus.trip_close": gettext_lazy("Bus trip closed after the missing were found"),
        "surroundings.report": gettext_lazy("Problem near the school reported"),
        "surroundings.refer": gettext_lazy("Problem near the school referred to a department"),
        "surroundings.answer": gettext_lazy("Department's answer recorded"),
        "surroundings.recheck": gettext_lazy("Problem near the school re-checked"),
        "surroundings.joint": gettext_lazy("Joint inspection of the surroundings recorded"),
        "surroundings.return": gettext_lazy("Department returned a problem as not its own"),
        "surroundings.department": gettext_lazy("Outside department added"),
        "surroundings.department_account": gettext_lazy("Account added for a department"),
        "outing.request": gettext_lazy("Off-campus activity requested"),
        "outing.submit": gettext_lazy("Off-campus activity submitted for approval"),
        "outing.approve": gettext_lazy("Off-campus activity approved"),
        "outing.send_back": gettext_lazy("Off-campus activity sent back"),
        "traffic.plan": gettext_lazy("Traffic plan (一校一策) adopted"),
        "traffic.post": gettext_lazy("Crossing post added"),
        "traffic.volunteer": gettext_lazy("Volunteer put on a crossing post"),
        "outing.board": gettext_lazy("Student left with the activity's group"),
        "outing.alight": gettext_lazy("Student back from the activity"),
        "outing.absent": gettext_lazy("Student did not go on the activity"),
        "outing.account": gettext_lazy("Student missing on return accounted for"),
        "outing.return": gettext_lazy("Off-campus activity back and closed"),
        "outing.unaccounted": gettext_lazy("Activity back with a student unaccounted for"),
        "outing.close": gettext_lazy("Activity closed after the missing were found"),
    }
)

# The roll call's taps have their own sheet; the feed carries what a leader acts on.
register_audience(
    {
        "bus.board": None,
        "bus.alight": None,
        "bus.absent": None,
        "bus.trip_start": None,
        "bus.trip_end": None,
        "bus.unaccounted": Cap.TRANSPORT_VIEW,
        "bus.account": Cap.TRANSPORT_VIEW,
        "bus.trip_close": Cap.TRANSPORT_VIEW,
        "outing.board": None,
        "outing.alight": None,
        "outing.absent": None,
        "outing.unaccounted": Cap.OUTING_APPROVE,
        "outing.account": Cap.OUTING_APPROVE,
        "outing.close": Cap.OUTING_APPROVE,
    }
)

register_demo("transport", "safecampus.transport.demo.load", after=["students"])
register_demo("surroundings", "safecampus.transport.demo.surroundings.load")


def problem_photo_guard(user, attachment):
    """A problem's photos: whoever may read the problem."""
    held = SurroundingsProblem.objects.filter(photos=attachment)
    if not held.exists():
        return None
    readable = visible_to(user, SurroundingsProblem, Cap.SURROUNDINGS_VIEW)
    if readable.filter(pk__in=held.values("pk")).exists():
        return True
    return referred_to_me(user=user).filter(pk__in=held.values("pk")).exists()


ATTACHMENT_GUARDS.append(problem_photo_guard)

register_ledgers(
    [
        Ledger(
            "transport",
            "校车运行记录",
            Cap.TRANSPORT_VIEW,
            exports.trip_columns,
            exports.TRIP_WIDTHS,
            exports.TRIP_KINDS,
            exports.term_trips,
            order=90,
        )
    ]
)
