"""Safety education's API: one router per concept, mounted under the app's tag."""

from ninja import Router

from safecampus.education.api.concerns import router as concerns_router
from safecampus.education.api.lessons import router as lessons_router
from safecampus.education.api.log import router as log_router
from safecampus.education.api.notices import router as notices_router
from safecampus.education.api.trainings import router as trainings_router

router = Router(tags=["education"])
router.add_router("/", log_router)
router.add_router("/", lessons_router)
router.add_router("/", trainings_router)
router.add_router("/", notices_router)
router.add_router("/", concerns_router)
