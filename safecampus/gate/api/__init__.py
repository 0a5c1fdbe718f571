"""Gate API: visits, the watchlist, exit permits, pick-ups, confiscations, duty, students.

Creates take a client UUID: a repeated one returns the first row (status 200) and creates
nothing. Identifiers (ID numbers, phones) are masked in every answer. One module per concept,
each with its own router; this one mounts them under one tag."""

from ninja import Router

from safecampus.gate.api import (
    bureau,
    confiscations,
    duty,
    exits,
    pickups,
    proposals,
    reunification,
    students,
    visits,
    watchlist,
)

router = Router(tags=["gate"])
for part in (
    visits,
    watchlist,
    students,
    exits,
    pickups,
    confiscations,
    duty,
    bureau,
    reunification,
    proposals,
):
    router.add_router("", part.router)
