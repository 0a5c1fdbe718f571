"""Transport API: the school's routes and trips, and the attendant's roll call.

Every tap carries a client UUID: a repeated one answers 200 with the first mark and creates
nothing. One module per concept, each with its own router; this one mounts them under one tag."""

from ninja import Router

from safecampus.transport.api import departments, outings, rules, surroundings, traffic, trips

router = Router(tags=["transport"])
for part in (trips, surroundings, departments, outings, traffic, rules):
    router.add_router("", part.router)
