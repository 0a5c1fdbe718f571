from django.urls import path

from safecampus.education.views import (
    catalogue,
    concerns,
    guardians,
    lessons,
    log,
    rules,
    trainings,
)

app_name = "education"

S = "orgs/<int:school_id>/education/"

# The 1530 log (1530 安全教育记录簿).
log_patterns = [
    path(S, log.school, name="school"),
    path(S + "1530/", log.record, name="record_1530"),
    path(S + "classes/<int:class_id>/1530/", log.class_log, name="class_log"),
    path("orgs/<int:org_id>/education/schools/", log.bureau, name="bureau"),
    path("orgs/<int:org_id>/education/schools.xlsx", log.bureau_export, name="bureau_export"),
]

# Safety lessons and the term's plan (安全教育课, 主题教育日).
lesson_patterns = [
    path(S + "lessons/", lessons.lesson_list, name="lessons"),
    path(S + "lessons/new/", lessons.lesson_new, name="lesson_new"),
    path(S + "plan/", lessons.plan, name="plan"),
]

# Trainings and lectures for staff, students and parents (安全培训, 讲座).
training_patterns = [
    path(S + "trainings/", trainings.training_list, name="trainings"),
    path(S + "trainings/new/", trainings.training_new, name="training_new"),
    path(S + "trainings/<int:training_id>/", trainings.training_detail, name="training"),
]

# Notices and letters to guardians (告家长书): sent from templates to a class, a grade or the
# school, acknowledged per guardian, rates per notice and per school (students' letters).
B = "orgs/<int:org_id>/education/"
guardian_patterns = [
    path(S + "guardians/", guardians.guardian_letters, name="guardian_letters"),
    path(S + "guardians/new/", guardians.notice_new, name="notice_new"),
    path(S + "guardians/<int:letter_id>/", guardians.notice, name="notice"),
    path(B + "notices/", guardians.bureau_notices, name="bureau_notices"),
    path(B + "notice-templates/", guardians.notice_templates, name="notice_templates"),
    path(B + "notice-templates/<slug:code>/", guardians.notice_template, name="notice_template"),
]

# The bureau's programme (cadence, minutes, quotas) with its source.
# The bureau's own topics and theme days, replacing the defaults of the same code or name.
C = "orgs/<int:org_id>/education/catalogue/"
rules_patterns = [
    path("orgs/<int:org_id>/education/rules/", rules.rules, name="rules"),
    path(C, catalogue.catalogue, name="catalogue"),
    path(C + "topics/new/", catalogue.topic, name="topic_new"),
    path(C + "topics/<slug:code>/", catalogue.topic, name="topic"),
    path(C + "themes/new/", catalogue.theme, name="theme_new"),
    path(C + "themes/<int:theme_id>/", catalogue.theme, name="theme"),
]

# Guardians' concerns (家校沟通): the school answers; the guardian raises and reads them on
# their phone (under /family/, the only paths a guardian's session reaches).
concern_patterns = [
    path(S + "concerns/", concerns.concern_list, name="concerns"),
    path(S + "concerns/<int:concern_id>/", concerns.concern, name="concern"),
    path(S + "concerns/<int:concern_id>/close/", concerns.concern_close, name="concern_close"),
    path(
        "family/children/<int:student_id>/concerns/",
        concerns.family_concerns,
        name="family_concerns",
    ),
    path(
        "family/concerns/<int:concern_id>/close/",
        concerns.family_concern_close,
        name="family_concern_close",
    ),
]

urlpatterns = (
    log_patterns
    + lesson_patterns
    + training_patterns
    + guardian_patterns
    + rules_patterns
    + concern_patterns
)
