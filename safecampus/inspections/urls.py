from django.urls import path

from safecampus.inspections.views import checklists, oversight, publications, run, schedules

app_name = "inspections"

school = "schools/<int:school_id>/checks/"
bureau = "orgs/<int:org_id>/checks/published/"

urlpatterns = [
    path(school, run.today, name="today"),
    path(school + "tasks/<int:task_id>/", run.run_task, name="run_task"),
    path(school + "inspections/", run.done_checks, name="done_checks"),
    path(school + "inspections/<int:inspection_id>/", run.detail, name="detail"),
    path(school + "checklists/", checklists.checklist_list, name="checklists"),
    path(school + "checklists/new/", checklists.checklist_create, name="checklist_create"),
    path(school + "checklists/<int:template_id>/", checklists.checklist_detail, name="checklist"),
    path(school + "checklists/<int:template_id>/run/", run.run_template, name="run_template"),
    path(
        school + "checklists/<int:template_id>/archive/",
        checklists.checklist_archive,
        name="checklist_archive",
    ),
    path(school + "checklists/<int:template_id>/items/", checklists.item_save, name="item_add"),
    path(
        school + "checklists/<int:template_id>/items/<int:item_id>/",
        checklists.item_save,
        name="item_edit",
    ),
    path(
        school + "checklists/<int:template_id>/items/<int:item_id>/<slug:action>/",
        checklists.item_action,
        name="item_action",
    ),
    path(school + "library/", checklists.library, name="library"),
    path(school + "library/<slug:key>/", checklists.adopt, name="adopt"),
    path(school + "schedules/", schedules.schedule_list, name="schedules"),
    path(school + "schedules/new/", schedules.schedule_create, name="schedule_create"),
    path(
        school + "schedules/<int:schedule_id>/stop/", schedules.schedule_stop, name="schedule_stop"
    ),
    path(school + "oversight/", oversight.school_oversight, name="oversight"),
    path("orgs/<int:org_id>/checks/", oversight.bureau_oversight, name="bureau"),
    path(bureau, publications.publication_list, name="publications"),
    path(bureau + "new/", publications.publish, name="publish"),
    path(bureau + "<int:publication_id>/", publications.publication_detail, name="publication"),
    path(
        bureau + "<int:publication_id>/withdraw/",
        publications.publication_withdraw,
        name="publication_withdraw",
    ),
]
