from django.urls import path

from safecampus.supervision.views import visitdocs

app_name = "supervision"

# Supervision visits (督导检查).
visit_patterns = [
    # A visit's documents and the bureau's cadence (visitdocs).
    path(
        "supervision/visits/<int:visit_id>/notice.pdf",
        visitdocs.notice_pdf,
        name="visit_notice_pdf",
    ),
    path(
        "supervision/visits/<int:visit_id>/notice.docx",
        visitdocs.notice_docx,
        name="visit_notice_docx",
    ),
    path("orgs/<int:org_id>/supervision/rules/", visitdocs.rules, name="visit_rules"),
    path(
        "orgs/<int:org_id>/supervision/compliance/",
        visitdocs.compliance,
        name="visit_compliance",
    ),
    path("orgs/<int:org_id>/supervision/briefing/", visitdocs.briefing, name="visit_briefing"),
    path(
        "orgs/<int:org_id>/supervision/briefing.docx",
        visitdocs.briefing_docx,
        name="visit_briefing_docx",
    ),
    path("orgs/<int:org_id>/supervision/reports/", visitdocs.reports, name="visit_reports"),
    path(
        "orgs/<int:org_id>/supervision/visits.xlsx",
        visitdocs.visits_export,
        name="visit_export",
    ),
    path(
        "orgs/<int:org_id>/supervision/findings.xlsx",
        visitdocs.findings_export,
        name="visit_findings_export",
    ),
]


# Campaigns (专项整治行动).
campaign_patterns = []


# Dispatched tasks and notices (任务下发, 通知).
dispatch_patterns = []


urlpatterns = visit_patterns + campaign_patterns + dispatch_patterns
