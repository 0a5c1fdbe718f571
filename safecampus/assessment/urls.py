from django.urls import path

from safecampus.assessment.views import cockpit, rounds, schemes

app_name = "assessment"

# The cockpit's pages (their scope matrix is tests/assessment/test_scope_assessment.py).
cockpit_patterns = [
    path("orgs/<int:org_id>/cockpit/", cockpit.cockpit_page, name="cockpit"),
    path("orgs/<int:org_id>/cockpit/weights/", cockpit.weights, name="weights"),
    path(
        "orgs/<int:org_id>/schools/<int:school_id>/profile/",
        cockpit.school_profile,
        name="school_profile",
    ),
]

# Schemes and rounds (tests/assessment/test_rounds_scope.py).
round_patterns = [
    path("orgs/<int:org_id>/assessment/", rounds.rounds, name="rounds"),
    path("orgs/<int:org_id>/assessment/new/", rounds.round_new, name="round_new"),
    path("orgs/<int:org_id>/assessment/schemes/", schemes.schemes, name="schemes"),
    path("assessment/versions/<int:pk>/", schemes.version, name="version"),
    path("assessment/versions/<int:pk>/vetoes/", schemes.vetoes_edit, name="vetoes_edit"),
    path("assessment/versions/<int:pk>/grades/", schemes.bands_edit, name="bands_edit"),
    path("assessment/versions/<int:pk>/areas/new/", schemes.area_new, name="area_new"),
    path("assessment/areas/<int:pk>/", schemes.area_edit, name="area_edit"),
    path("assessment/areas/<int:pk>/remove/", schemes.area_remove, name="area_remove"),
    path("assessment/areas/<int:pk>/indicators/new/", schemes.indicator_new, name="indicator_new"),
    path("assessment/indicators/<int:pk>/", schemes.indicator_edit, name="indicator_edit"),
    path("assessment/vetoes/<int:pk>/match/", schemes.veto_match, name="veto_match"),
    path(
        "assessment/indicators/<int:pk>/remove/",
        schemes.indicator_remove,
        name="indicator_remove",
    ),
    path("assessment/rounds/<int:pk>/", rounds.round_page, name="round"),
    path("assessment/rounds/<int:pk>/<slug:action>/", rounds.round_action, name="round_action"),
    path("assessment/rounds/<int:pk>/results.xlsx", rounds.round_xlsx, name="round_xlsx"),
    path("assessment/rounds/<int:pk>/report.docx", rounds.round_docx, name="round_docx"),
    path("assessment/sheets/<int:pk>/", rounds.sheet_page, name="sheet"),
    path("assessment/sheets/<int:pk>/report.docx", rounds.sheet_docx, name="sheet_docx"),
    path("assessment/sheets/<int:pk>/submit/", rounds.sheet_submit, name="sheet_submit"),
    path("assessment/sheets/<int:pk>/veto/", rounds.sheet_veto, name="sheet_veto"),
    path("assessment/sheets/<int:pk>/appeal/", rounds.sheet_appeal, name="sheet_appeal"),
    path("assessment/entries/<int:pk>/self/", rounds.entry_self, name="entry_self"),
    path("assessment/entries/<int:pk>/score/", rounds.entry_score, name="entry_score"),
    path("assessment/appeals/<int:pk>/answer/", rounds.appeal_answer, name="appeal_answer"),
]

urlpatterns = cockpit_patterns + round_patterns
