from django.urls import path

from safecampus.reports import views

app_name = "reports"

urlpatterns = [
    path("orgs/<int:org_id>/summaries/", views.index, name="index"),
    path("orgs/<int:org_id>/summaries/rows/", views.rows, name="rows"),
    path("orgs/<int:org_id>/summaries/<int:summary_id>/retry/", views.retry, name="retry"),
    path(
        "orgs/<int:org_id>/summaries/<int:summary_id>/file.docx",
        views.download,
        name="download",
    ),
]
