"""The defences' API: one router per concept, mounted under the app's tag. ID numbers and
phones are masked in every answer."""

from ninja import Router

from safecampus.defences.api.checks import router as checks_router
from safecampus.defences.api.compliance import router as compliance_router
from safecampus.defences.api.equipment import router as equipment_router
from safecampus.defences.api.staff import router as staff_router
from safecampus.defences.api.staffing import router as staffing_router
from safecampus.defences.api.systems import router as systems_router

router = Router(tags=["defences"])
router.add_router("/", staff_router)
router.add_router("/", staffing_router)
router.add_router("/", checks_router)
router.add_router("/", equipment_router)
router.add_router("/", systems_router)
router.add_router("/", compliance_router)
