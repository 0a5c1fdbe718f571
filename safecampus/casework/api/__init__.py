"""Casework API: persons of concern, disputes and the access requests. Lists mask names and
ID numbers for anyone without the ledger's capability; a full record is read through the same
audited rule as the page. One module per concept, mounted here under one tag."""

from ninja import Router

from safecampus.casework.api import access, bullying, concerns, disputes, health, mandatory

router = Router(tags=["casework"])
for part in (concerns, disputes, bullying, mandatory, health, access):
    router.add_router("", part.router)
