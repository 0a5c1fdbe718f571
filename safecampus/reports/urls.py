from django.urls import path

from safecampus.reports.views import calendar, summaries

app_name = "reports"

urlpatterns = [
    path("orgs/<int:org_id>/summaries/", summaries.index, name="index"),
    path("orgs/<int:org_id>/summaries/rows/", summaries.rows, name="rows"),
    path("orgs/<int:org_id>/summaries/<int:summary_id>/retry/", summaries.retry, name="retry"),
    path(
        "orgs/<int:org_id>/summaries/<int:summary_id>/file.docx",
        summaries.download,
        name="download",
    ),
    path(
        "orgs/<int:org_id>/summaries/<int:summary_id>/file.pdf",
        summaries.download_pdf,
        name="download_pdf",
    ),
    path("schools/<int:school_id>/safety-calendar/", calendar.calendar, name="calendar"),
    path(
        "schools/<int:school_id>/safety-calendar.xlsx",
        calendar.calendar_export,
        name="calendar_export",
    ),
    path("schools/<int:school_id>/safety-calendar/link/", calendar.feed_new, name="calendar_link"),
    path(
        "schools/<int:school_id>/safety-calendar/link/<int:feed_id>/revoke/",
        calendar.feed_revoke,
        name="calendar_revoke",
    ),
    path("calendar/<str:key>.ics", calendar.calendar_feed, name="calendar_feed"),
]
