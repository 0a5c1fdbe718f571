"""Transport's ledgers as xlsx (core.xlsx, streamed): the trips with their counts, and the
surroundings problems with their referral, answer and re-check."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.xlsx import DATE, NUMBER, TEXT, new_sheet, xlsx_response
from safecampus.transport.models import MarkKind
from safecampus.transport.queries import surroundings as problem_queries
from safecampus.transport.queries import trips as trip_queries


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def trip_columns():
    return [
        _("Day"),
        _("Direction"),
        _("Route"),
        _("Bus"),
        _("Attendant"),
        _("Boarded"),
        _("Did not ride"),
        _("Accounted for"),
        _("Status"),
        _("School alerted"),
    ]


TRIP_WIDTHS = (12, 10, 16, 12, 12, 8, 8, 8, 14, 16)
TRIP_KINDS = (DATE, TEXT, TEXT, TEXT, TEXT, NUMBER, NUMBER, NUMBER, TEXT, TEXT)


def trip_rows(trips):
    trips = trips.annotate(accounted=Count("marks", filter=Q(marks__kind=MarkKind.ACCOUNT)))
    for trip in trips.iterator(chunk_size=500):
        yield [
            trip.day,
            trip.get_direction_display(),
            trip.route.name,
            trip.vehicle.plate,
            str(trip.attendant),
            trip.boarded,
            trip.absent,
            trip.accounted,
            trip.get_status_display(),
            _when(trip.alerted_at),
        ]


def write_trips(stream, user, school):
    wb, ws = new_sheet(_("Bus trips"), trip_columns(), TRIP_WIDTHS, long=True)
    rows = ws.rows(TRIP_KINDS)
    for row in trip_rows(trip_queries.trips(user=user, school=school)):
        rows.append(row)
    wb.save(stream)


def term_trips(user, school, start, end):
    """The ledger pack's sheet: the trips from `start` to `end`."""
    return trip_rows(trip_queries.trips(user=user, school=school).filter(day__range=(start, end)))


def trips_xlsx(user, school):
    return xlsx_response(lambda stream: write_trips(stream, user, school), "bus-trips.xlsx")


def write_problems(stream, user, school):
    columns = [
        _("Reported"),
        _("Type"),
        _("Place"),
        _("Distance from the gate (metres)"),
        _("Rule distance"),
        _("What was seen"),
        _("Referred to"),
        _("The department's answer"),
        _("Outcome"),
        _("Re-check"),
        _("Status"),
    ]
    wb, ws = new_sheet(
        _("Surroundings"), columns, [16, 14, 20, 8, 8, 30, 14, 30, 10, 30, 14], long=True
    )
    rows = ws.rows([TEXT, TEXT, TEXT, NUMBER, NUMBER, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT])
    for problem in problem_queries.problems(user=user, school=school).iterator(chunk_size=500):
        rows.append(
            [
                _when(problem.reported_at),
                problem.kind.name,
                problem.place,
                problem.distance_m,
                problem.kind.radius_m,
                problem.description,
                problem.department,
                problem.answer,
                problem.get_outcome_display(),
                problem.recheck_note,
                problem.get_status_display(),
            ]
        )
    wb.save(stream)


def problems_xlsx(user, school):
    return xlsx_response(lambda stream: write_problems(stream, user, school), "surroundings.xlsx")
