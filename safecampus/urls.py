from django.contrib import admin
from django.urls import include, path

from safecampus.api import api
from safecampus.hazards.views import public

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("r/<slug:code>/", public.public_report, name="public_report"),
    path("track/", public.track, name="track"),
    path("", include("safecampus.hazards.urls")),
    path("", include("safecampus.risks.urls")),
    path("", include("safecampus.inspections.urls")),
    path("", include("safecampus.patrols.urls")),
    path("", include("safecampus.emergencies.urls")),
    path("", include("safecampus.students.urls")),
    path("", include("safecampus.gate.urls")),
    path("", include("safecampus.supervision.urls")),
    path("", include("safecampus.transport.urls")),
    path("", include("safecampus.assessment.urls")),
    path("", include("safecampus.reports.urls")),
    path("", include("safecampus.casework.urls")),
    path("", include("safecampus.education.urls")),
    path("", include("safecampus.defences.urls")),
    path("", include("safecampus.core.urls")),
]

handler404 = "safecampus.core.views.errors.not_found"
handler403 = "safecampus.core.views.errors.forbidden"
