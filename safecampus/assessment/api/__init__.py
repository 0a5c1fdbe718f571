"""The assessment's API: the cockpit's figures, and the schemes and rounds; one router per
concept, mounted together."""

from ninja import Router

from safecampus.assessment.api.cockpit import router as cockpit_router
from safecampus.assessment.api.rounds import router as rounds_router

router = Router()
router.add_router("/", cockpit_router)
router.add_router("/", rounds_router)

__all__ = ["cockpit_router", "rounds_router", "router"]
