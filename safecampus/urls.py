from django.contrib import admin
from django.urls import include, path

from safecampus.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("safecampus.core.urls")),
]

handler404 = "safecampus.core.views.errors.not_found"
handler403 = "safecampus.core.views.errors.forbidden"
