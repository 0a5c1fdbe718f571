"""Emergencies API: alarms (people and hardware boxes), plans, incidents, drills, compliance.

One module per concept, each with its own router; this one mounts them under one tag."""

from ninja import Router

from safecampus.emergencies.api import alarms, drills, incidents, plans

router = Router(tags=["emergencies"])
for part in (alarms, plans, incidents, drills):
    router.add_router("", part.router)
