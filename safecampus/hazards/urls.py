from django.urls import path

from safecampus.hazards.views import bureau, detail, ledger, public

app_name = "hazards"

school = "schools/<int:school_id>/hazards/"

urlpatterns = [
    path(school, ledger.ledger, name="ledger"),
    path(school + "new/", ledger.report, name="report"),
    path(school + "mine/", ledger.mine, name="mine"),
    path(school + "export.xlsx", ledger.export, name="export"),
    path(school + "import/", ledger.import_ledger, name="import"),
    path(school + "poster.pdf", public.poster, name="poster"),
    path(school + "<int:hazard_id>/", detail.hazard_detail, name="detail"),
    path(school + "<int:hazard_id>/<slug:action>/", detail.hazard_action, name="action"),
    path("orgs/<int:org_id>/hazards/", bureau.overview, name="overview"),
    path("orgs/<int:org_id>/hazards/finding/", bureau.finding, name="finding"),
    path("orgs/<int:org_id>/hazard-rules/", bureau.rules, name="rules"),
]
