from django.urls import path

from safecampus.students.views import family, letters, pages, roster

app_name = "students"

school = "schools/<int:school_id>/"

urlpatterns = [
    path(school + "classes/", pages.class_list, name="classes"),
    path(school + "classes/new/", pages.class_create, name="class_create"),
    path(school + "classes/<int:class_id>/", pages.class_detail, name="class"),
    path(school + "classes/<int:class_id>/edit/", pages.class_edit, name="class_edit"),
    path(school + "classes/<int:class_id>/letter/", letters.class_letter, name="class_letter"),
    path(school + "students/", pages.student_list, name="list"),
    path(school + "students/new/", pages.student_create, name="create"),
    path(school + "students/import/", pages.student_import, name="import"),
    path(school + "students/export.xlsx", pages.export, name="export"),
    path(school + "students/<int:student_id>/", pages.student_detail, name="detail"),
    path(school + "students/<int:student_id>/edit/", pages.student_edit, name="edit"),
    path(school + "rolls/", roster.roll_list, name="rolls"),
    path(school + "rolls/<int:roll_id>/", roster.roll_detail, name="roll"),
    path(school + "rolls/<int:roll_id>/counts/", roster.roll_counts, name="roll_counts"),
    path(school + "rolls/<int:roll_id>/mark/", roster.roll_mark, name="roll_mark"),
    path(school + "rolls/<int:roll_id>/close/", roster.roll_close, name="roll_close"),
    path(
        school + "rolls/<int:roll_id>/classes/<int:class_id>/",
        roster.roll_class,
        name="roll_class",
    ),
    path("orgs/<int:org_id>/rolls/", roster.org_rolls, name="org_rolls"),
    path("orgs/<int:org_id>/rolls/rows/", roster.org_roll_rows, name="org_roll_rows"),
    path("g/<str:token>/", letters.guardian_letter, name="guardian_letter"),
    # A guardian's own phone pages (a guardian's session reaches nothing else: middleware.py).
    path("family/", family.family_home, name="family"),
    path("family/login/", family.family_login, name="family_login"),
    path("family/login/code/", family.family_code, name="family_code"),
    path("family/notices/<int:copy_id>/", family.family_notice, name="family_notice"),
    path("family/children/<int:student_id>/consent/", family.family_consent, name="family_consent"),
]
