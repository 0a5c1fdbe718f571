from django.urls import path

from safecampus.risks.views import bulletin, bureau, cards, catalogue, map, points

app_name = "risks"

school = "schools/<int:school_id>/risks/"

urlpatterns = [
    path(school, points.risk_list, name="list"),
    path(school + "new/", points.risk_create, name="create"),
    path(school + "review/", points.review_list, name="review"),
    path(school + "grade/", points.grade_preview, name="grade_preview"),
    path(school + "export.xlsx", points.export, name="export"),
    path(school + "<int:point_id>/", points.risk_detail, name="detail"),
    path(school + "<int:point_id>/edit/", points.risk_edit, name="edit"),
    path(school + "<int:point_id>/assess/", points.risk_assess, name="assess"),
    path(school + "catalogue/", catalogue.catalogue, name="catalogue"),
    path(school + "catalogue/<slug:key>/adopt/", catalogue.adopt, name="adopt"),
    path(school + "map/", map.map_view, name="map"),
    path(school + "map/edit/", map.map_edit, name="map_edit"),
    path(school + "map/plan/", map.plan_upload, name="plan_upload"),
    path(school + "map/zones/<int:zone_id>/", map.zone_shape_save, name="zone_shape"),
    path(school + "map.svg", map.map_svg, name="map_svg"),
    path(school + "map.pdf", map.map_pdf, name="map_pdf"),
    path(school + "cards/", cards.card_list, name="cards"),
    path(school + "cards/<int:post_id>/", cards.card_detail, name="card"),
    path(school + "cards/<int:post_id>.pdf", cards.card_pdf, name="card_pdf"),
    path(school + "bulletin/", bulletin.bulletin, name="bulletin"),
    path(school + "bulletin.pdf", bulletin.bulletin_pdf, name="bulletin_pdf"),
    path(school + "bulletin/display/", bulletin.display, name="bulletin_display"),
    path("orgs/<int:org_id>/risks/", bureau.overview, name="overview"),
    path("orgs/<int:org_id>/risk-rules/", bureau.rules, name="rules"),
]
