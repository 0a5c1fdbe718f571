from safecampus.transport.models.buses import BusRoute, Driver, Rider, Stop, Vehicle
from safecampus.transport.models.rules import BusRules
from safecampus.transport.models.trips import Direction, MarkKind, Trip, TripMark, TripStatus

__all__ = [
    "BusRoute",
    "BusRules",
    "Direction",
    "Driver",
    "MarkKind",
    "Rider",
    "Stop",
    "Trip",
    "TripMark",
    "TripStatus",
    "Vehicle",
]
