from django.urls import path

from safecampus.core.views import (
    account,
    attachments,
    audit,
    calendar,
    home,
    letters,
    orgs,
    people,
    posts,
    twofactor,
    zones,
)

app_name = "core"

school = "schools/<int:school_id>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", account.login_view, name="login"),
    path("login/verify/", twofactor.two_factor_verify, name="two_factor_verify"),
    path("logout/", account.logout_view, name="logout"),
    path("language/", account.set_language, name="set_language"),
    path("me/", account.profile, name="profile"),
    path("me/two-factor/", twofactor.two_factor, name="two_factor"),
    path("me/tokens/<int:token_id>/revoke/", account.token_revoke, name="token_revoke"),
    path("notifications/", account.inbox, name="inbox"),
    path("notifications/read/", account.inbox_read, name="inbox_read"),
    path("orgs/", orgs.org_tree, name="org_tree"),
    path("orgs/<int:org_id>/calendar/", calendar.calendar, name="calendar"),
    path("orgs/<int:org_id>/calendar/terms/", calendar.term_add, name="term_add"),
    path("orgs/<int:org_id>/calendar/days/", calendar.day_add, name="day_add"),
    path(
        "orgs/<int:org_id>/calendar/<str:kind>/<int:entry_id>/remove/",
        calendar.entry_remove,
        name="calendar_remove",
    ),
    path("orgs/<int:org_id>/audit/", audit.audit_trail, name="audit_trail"),
    path("schools/", orgs.school_list, name="school_list"),
    path(school, orgs.school_detail, name="school_detail"),
    path(school + "edit/", orgs.school_edit, name="school_edit"),
    path(school + "zones/", zones.zone_list, name="zone_list"),
    path(school + "zones/new/", zones.zone_create, name="zone_create"),
    path(school + "zones/<int:zone_id>/edit/", zones.zone_edit, name="zone_edit"),
    path(school + "zones/<int:zone_id>/move/", zones.zone_move, name="zone_move"),
    path(school + "zones/<int:zone_id>/delete/", zones.zone_delete, name="zone_delete"),
    path(school + "posts/", posts.post_list, name="post_list"),
    path(school + "posts/new/", posts.post_create, name="post_create"),
    path(school + "posts/<int:post_id>/", posts.post_detail, name="post_detail"),
    path(school + "posts/<int:post_id>/edit/", posts.post_edit, name="post_edit"),
    path(school + "posts/<int:post_id>/assign/", posts.post_assign, name="post_assign"),
    path(
        school + "assignments/<int:assignment_id>/end/",
        posts.assignment_end,
        name="assignment_end",
    ),
    path(school + "people/", people.people_list, name="people_list"),
    path(school + "people/new/", people.person_create, name="person_create"),
    path(school + "people/<int:person_id>/", people.person_detail, name="person_detail"),
    path(school + "people/<int:person_id>/roles/", people.person_grant, name="person_grant"),
    path(
        school + "people/<int:person_id>/department/",
        people.person_department,
        name="person_department",
    ),
    path(
        school + "people/<int:person_id>/deactivate/",
        people.person_deactivate,
        name="person_deactivate",
    ),
    path(
        school + "memberships/<int:membership_id>/end/",
        people.membership_end,
        name="membership_end",
    ),
    path(school + "departments/", people.department_create, name="department_create"),
    path(school + "letters/", letters.letter_list, name="letter_list"),
    path(school + "letters/new/", letters.letter_create, name="letter_create"),
    path(school + "letters/<int:letter_id>/", letters.letter_detail, name="letter_detail"),
    path(school + "letters/<int:letter_id>/sign/", letters.letter_sign, name="letter_sign"),
    path(
        "attachments/<int:attachment_id>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
]
