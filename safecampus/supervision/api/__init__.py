"""Supervision's API: one router per concept, mounted under the app's tag."""

from ninja import Router

from safecampus.supervision.api.campaigns import router as campaigns_router
from safecampus.supervision.api.dispatch import router as dispatch_router
from safecampus.supervision.api.visitdocs import router as visitdocs_router
from safecampus.supervision.api.visits import router as visits_router

router = Router(tags=["supervision"])
router.add_router("/", visits_router)
router.add_router("/", campaigns_router)
router.add_router("/", dispatch_router)
router.add_router("/", visitdocs_router)
