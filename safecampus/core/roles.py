"""Roles are data; code asks for capabilities.

One table maps each role to what it may do. A membership grants its role's capabilities in its
org and everything under it (a bureau role at a district applies to every school there).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("Bureau administrator")
    BUREAU_INSPECTOR = "bureau_inspector", _("Bureau inspector")
    POLICE_LIAISON = "police_liaison", _("Police liaison")
    PRINCIPAL = "principal", _("Principal")
    SAFETY_OFFICER = "safety_officer", _("Safety officer")
    HEAD_TEACHER = "head_teacher", _("Head teacher")
    TEACHER = "teacher", _("Teacher")
    GUARD = "guard", _("Guard")
    PE_TEACHER = "pe_teacher", _("PE teacher")
    SCHOOL_MEDIC = "school_medic", _("School medic")
    # An outside department (police station, market regulator, street office) at a street or
    # district: answers the surroundings problems its schools refer to it, and nothing else.
    OUTSIDE_DEPARTMENT = "outside_department", _("Outside department")


BUREAU_ROLES = {Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.POLICE_LIAISON}
# Roles that come with a record of their own app and are given only there: an outside
# department's person needs their department (the bureau's "Outside departments" page), else
# their inbox would stay empty. The people pages do not offer them.
RECORD_ROLES = {Role.OUTSIDE_DEPARTMENT}
SCHOOL_ROLES = {
    Role.PRINCIPAL,
    Role.SAFETY_OFFICER,
    Role.HEAD_TEACHER,
    Role.TEACHER,
    Role.GUARD,
    Role.PE_TEACHER,
    Role.SCHOOL_MEDIC,
}


class Cap:
    """Capability names. Each is a string so it can be stored, logged and listed."""

    ORG_VIEW = "org.view"
    SCHOOL_EDIT = "school.edit"
    ZONE_VIEW = "zone.view"
    ZONE_MANAGE = "zone.manage"
    POST_VIEW = "post.view"
    POST_MANAGE = "post.manage"
    PEOPLE_VIEW = "people.view"
    PEOPLE_MANAGE = "people.manage"
    LETTER_VIEW = "letter.view"
    LETTER_MANAGE = "letter.manage"
    CALENDAR_MANAGE = "calendar.manage"
    AUDIT_VIEW = "audit.view"
    ATTACHMENT_UPLOAD = "attachment.upload"
    HAZARD_REPORT = "hazard.report"
    HAZARD_VIEW = "hazard.view"
    HAZARD_CONFIRM = "hazard.confirm"
    HAZARD_ASSIGN = "hazard.assign"
    HAZARD_ACCEPT = "hazard.accept"
    HAZARD_IMPORT = "hazard.import"
    HAZARD_SUPERVISE = "hazard.supervise"
    HAZARD_RULES = "hazard.rules"
    RISK_VIEW = "risk.view"
    RISK_MANAGE = "risk.manage"
    RISK_RULES = "risk.rules"
    CHECK_RUN = "check.run"
    CHECK_VIEW = "check.view"
    CHECK_MANAGE = "check.manage"
    # A bureau's own checklists, published with a schedule to its schools; unlike check.manage
    # it gives nothing at the schools below (their own checklists and schedules stay theirs).
    CHECK_PUBLISH = "check.publish"
    PATROL_RUN = "patrol.run"
    PATROL_VIEW = "patrol.view"
    PATROL_MANAGE = "patrol.manage"
    PATROL_RULES = "patrol.rules"
    ALARM_RAISE = "alarm.raise"
    ALARM_VIEW = "alarm.view"
    ALARM_RESPOND = "alarm.respond"
    ALARM_MANAGE = "alarm.manage"
    PLAN_VIEW = "plan.view"
    PLAN_MANAGE = "plan.manage"
    INCIDENT_VIEW = "incident.view"
    INCIDENT_MANAGE = "incident.manage"
    INCIDENT_RECEIVE = "incident.receive"
    DRILL_VIEW = "drill.view"
    DRILL_MANAGE = "drill.manage"
    EMERGENCY_RULES = "emergency.rules"
    # Students and the gate (minors' data: need-to-know; see docs/gate.md).
    STUDENT_VIEW = "student.view"  # masked lists: names, classes, student numbers
    STUDENT_RECORD = "student.record"  # full record, audited; head teachers: own class only
    STUDENT_EDIT = "student.edit"  # head teachers: own class only
    STUDENT_MANAGE = "student.manage"  # classes, xlsx import, any class
    ROLL_MARK = "roll.mark"  # mark a class's students during an alarm or evacuation drill
    ROLL_VIEW = "roll.view"  # the live counts of a roll, missing and injured students by name
    ROLL_MANAGE = "roll.manage"  # open a roll for a drill by hand, close a roll
    GATE_DESK = "gate.desk"  # register visitors, record exits, pick-ups, confiscations, duty
    GATE_VIEW = "gate.view"  # visitor log, exits, pick-ups, confiscations of the school
    VISIT_HOST = "visit.host"  # pre-register one's own visitors
    EXIT_ISSUE = "exit.issue"  # issue/approve exit permits; head teachers: own class only
    PICKUP_MANAGE = "pickup.manage"  # authorised pick-up persons
    WATCHLIST_VIEW = "watchlist.view"
    WATCHLIST_MANAGE = "watchlist.manage"
    GATE_ALERT = "gate.alert"  # told at once of a watchlist hit
    GATE_REPORT = "gate.report"  # xlsx reports
    GATE_OVERSIGHT = "gate.oversight"  # bureau counts and duty coverage
    # Supervision (督导): the bureau steers, the school answers.
    SUPERVISION_VIEW = "supervision.view"  # visits, campaigns and tasks in scope
    SUPERVISION_MANAGE = "supervision.manage"  # plan visits, run campaigns, dispatch tasks
    SUPERVISION_RESPOND = "supervision.respond"  # a school answers: replies, stage hand-ins
    SUPERVISION_RULES = "supervision.rules"  # the bureau's visit cadence
    # The cockpit (驾驶舱): every module's figures across a bureau's schools, or a school's own
    # against its district's median.
    COCKPIT_VIEW = "cockpit.view"
    COCKPIT_MANAGE = "cockpit.manage"  # the weights of the bureau's ranking of schools
    # Reports (总结): a school's or a district's safety summary, written from the records.
    REPORT_VIEW = "report.view"
    REPORT_MAKE = "report.make"
    # Assessment (考核): the bureau's schemes and rounds; the school's self-assessment.
    ASSESSMENT_VIEW = "assessment.view"  # rounds in scope: a school sees its own sheet only
    ASSESSMENT_MANAGE = "assessment.manage"  # schemes, open and publish rounds, answer appeals
    ASSESSMENT_SCORE = "assessment.score"  # the bureau's inspectors score and apply vetoes
    ASSESSMENT_SELF = "assessment.self"  # a school's leaders self-assess and appeal
    # Casework (个案台账): the most sensitive records, need-to-know (docs/casework.md). Each
    # ledger has its own capability; without it a list shows names and ID numbers masked.
    CASEWORK_VIEW = "casework.view"  # the casework lists, masked; may ask for access to one
    CONCERN_RECORD = "concern.record"  # persons of concern: names and full records, audited
    CONCERN_MANAGE = "concern.manage"  # open, assess, follow up, flag, close
    CONCERN_FLAGGED = "concern.flagged"  # the police liaison: the cases flagged to the police
    DISPUTE_RECORD = "dispute.record"  # disputes: parties and full records, audited
    DISPUTE_MANAGE = "dispute.manage"  # record, mediate, settle; the screening rounds
    BULLYING_RECORD = "bullying.record"  # bullying cases: names and full records, audited
    BULLYING_MANAGE = "bullying.manage"  # accept, investigate, find, measures, tip-line replies
    MANDATORY_RECORD = "mandatory.record"  # mandatory reports (强制报告): full records, audited
    MANDATORY_MANAGE = "mandatory.manage"  # log one, record the report to the police, close
    CASEWORK_APPROVE = "casework.approve"  # the person in charge approves staff access (§36)
    CASEWORK_AUDIT = "casework.audit"  # who read what, and the annual compliance report (§37)
    CASEWORK_OVERSIGHT = "casework.oversight"  # the bureau: counts only, never names
    # Health notes: only the head teacher (own classes), the PE teacher and the school medic.
    HEALTH_VIEW = "health.view"  # every student's notes: illnesses, allergies, what to do
    HEALTH_CLASS = "health.class"  # the head teacher: the notes of their own classes' students
    HEALTH_MANAGE = "health.manage"  # the medic records notes and the guardian's written notice
    # Safety education (安全教育): the 1530 log, safety lessons, trainings.
    EDUCATION_VIEW = "education.view"  # the school's record books, plan and trainings
    EDUCATION_RECORD = "education.record"  # 1530 entries and lessons; head teachers: own class
    EDUCATION_MANAGE = "education.manage"  # any class, trainings and lectures
    EDUCATION_RULES = "education.rules"  # the bureau's education programme (cadence, calendar)
    # The three defences (人防物防技防): security staff, staffing, hiring checks, equipment.
    DEFENCE_VIEW = "defence.view"  # staff (ID numbers masked), staffing, checks, equipment
    DEFENCE_MANAGE = "defence.manage"  # keep the school's records
    DEFENCE_RECORD = "defence.record"  # a guard's full ID number, each view audited
    DEFENCE_RULES = "defence.rules"  # which rule set applies in the bureau's region
    DEFENCE_DUTY = "defence.duty"  # a guard's shift handover at a post
    # School transport (校车): buses, drivers, routes, and the roll call on every trip.
    TRANSPORT_VIEW = "transport.view"  # vehicles, drivers, routes and trips of the school
    TRANSPORT_MANAGE = "transport.manage"  # keep vehicles, drivers, routes and riders
    TRANSPORT_RIDE = "transport.ride"  # run a trip's roll call as the route's attendant
    TRANSPORT_ALERT = "transport.alert"  # told at once of a student unaccounted for on a bus
    TRANSPORT_RULES = "transport.rules"  # the bureau's own bus and outing rule rows
    # The surroundings (周边环境): problems near a school referred to outside departments.
    SURROUNDINGS_VIEW = "surroundings.view"
    SURROUNDINGS_MANAGE = "surroundings.manage"  # report, refer, record answers, re-check
    SURROUNDINGS_ANSWER = "surroundings.answer"  # a department: what is referred to it only
    SURROUNDINGS_DEPARTMENTS = "surroundings.departments"  # the area's departments, accounts
    OUTING_REQUEST = "outing.request"  # request an off-campus activity or large event
    OUTING_APPROVE = "outing.approve"  # the principal approves or sends a request back


_EVERYONE = {Cap.ORG_VIEW, Cap.ZONE_VIEW, Cap.POST_VIEW, Cap.ATTACHMENT_UPLOAD}
_SCHOOL_STAFF = _EVERYONE | {
    Cap.HAZARD_REPORT,
    Cap.RISK_VIEW,
    Cap.ALARM_RAISE,
    Cap.ALARM_VIEW,
    Cap.PLAN_VIEW,
    Cap.DRILL_VIEW,
    Cap.CHECK_RUN,
    Cap.VISIT_HOST,
    Cap.TRANSPORT_RIDE,
    Cap.OUTING_REQUEST,
}
_SCHOOL_LEADERS = _SCHOOL_STAFF | {
    Cap.SCHOOL_EDIT,
    Cap.ZONE_MANAGE,
    Cap.POST_MANAGE,
    Cap.PEOPLE_VIEW,
    Cap.PEOPLE_MANAGE,
    Cap.LETTER_VIEW,
    Cap.LETTER_MANAGE,
    Cap.CALENDAR_MANAGE,
    Cap.AUDIT_VIEW,
    Cap.HAZARD_VIEW,
    Cap.HAZARD_CONFIRM,
    Cap.HAZARD_ASSIGN,
    Cap.HAZARD_ACCEPT,
    Cap.HAZARD_IMPORT,
    Cap.RISK_MANAGE,
    Cap.CHECK_VIEW,
    Cap.CHECK_MANAGE,
    Cap.PATROL_RUN,
    Cap.PATROL_VIEW,
    Cap.PATROL_MANAGE,
    Cap.ALARM_RESPOND,
    Cap.ALARM_MANAGE,
    Cap.PLAN_MANAGE,
    Cap.INCIDENT_VIEW,
    Cap.INCIDENT_MANAGE,
    Cap.DRILL_MANAGE,
    Cap.STUDENT_VIEW,
    Cap.STUDENT_RECORD,
    Cap.STUDENT_EDIT,
    Cap.STUDENT_MANAGE,
    Cap.ROLL_MARK,
    Cap.ROLL_VIEW,
    Cap.ROLL_MANAGE,
    Cap.GATE_DESK,
    Cap.GATE_VIEW,
    Cap.EXIT_ISSUE,
    Cap.PICKUP_MANAGE,
    Cap.WATCHLIST_VIEW,
    Cap.WATCHLIST_MANAGE,
    Cap.GATE_REPORT,
    Cap.SUPERVISION_VIEW,
    Cap.SUPERVISION_RESPOND,
    Cap.COCKPIT_VIEW,
    Cap.REPORT_VIEW,
    Cap.REPORT_MAKE,
    Cap.ASSESSMENT_VIEW,
    Cap.ASSESSMENT_SELF,
    Cap.CASEWORK_VIEW,
    Cap.EDUCATION_VIEW,
    Cap.EDUCATION_RECORD,
    Cap.EDUCATION_MANAGE,
    Cap.DEFENCE_VIEW,
    Cap.DEFENCE_MANAGE,
    Cap.DEFENCE_RECORD,
    Cap.DEFENCE_DUTY,
    Cap.TRANSPORT_VIEW,
    Cap.TRANSPORT_MANAGE,
    Cap.SURROUNDINGS_VIEW,
    Cap.SURROUNDINGS_MANAGE,
}
# Who hears an alarm at once and answers it from outside the school: police and bureau.
_REINFORCEMENT = {
    Cap.ALARM_VIEW,
    Cap.ALARM_RESPOND,
    Cap.PLAN_VIEW,
    Cap.INCIDENT_VIEW,
    Cap.ROLL_VIEW,
}
_BUREAU = _EVERYONE | {
    Cap.PEOPLE_VIEW,
    Cap.HAZARD_REPORT,
    Cap.LETTER_VIEW,
    Cap.HAZARD_REPORT,
    Cap.HAZARD_VIEW,
    Cap.HAZARD_SUPERVISE,
    Cap.RISK_VIEW,
    Cap.CHECK_VIEW,
    Cap.CHECK_PUBLISH,
    Cap.PATROL_VIEW,
    *_REINFORCEMENT,
    Cap.INCIDENT_RECEIVE,
    Cap.DRILL_VIEW,
    Cap.GATE_OVERSIGHT,
    Cap.SUPERVISION_VIEW,
    Cap.SUPERVISION_MANAGE,
    Cap.COCKPIT_VIEW,
    Cap.REPORT_VIEW,
    Cap.REPORT_MAKE,
    Cap.ASSESSMENT_VIEW,
    Cap.ASSESSMENT_SCORE,
    Cap.CASEWORK_OVERSIGHT,
    Cap.EDUCATION_VIEW,
    Cap.DEFENCE_VIEW,
    Cap.TRANSPORT_VIEW,
    Cap.SURROUNDINGS_VIEW,
}
# The head teacher's class, the teacher's pick-ups, the guard's gate desk.
_HEAD_TEACHER_GATE = {
    Cap.STUDENT_VIEW,
    Cap.ROLL_MARK,
    Cap.STUDENT_RECORD,
    Cap.STUDENT_EDIT,
    Cap.EXIT_ISSUE,
    Cap.PICKUP_MANAGE,
    Cap.GATE_VIEW,
}
_TEACHER_GATE = {Cap.STUDENT_VIEW, Cap.PICKUP_MANAGE, Cap.ROLL_MARK}
# A class's safety education is its head teacher's (the record pages narrow to own classes).
_CLASS_EDUCATION = {Cap.EDUCATION_VIEW, Cap.EDUCATION_RECORD}
_GUARD_GATE = {Cap.STUDENT_VIEW, Cap.GATE_DESK, Cap.GATE_VIEW, Cap.WATCHLIST_VIEW}
# The casework's keepers read and write the ledgers; the principal, the person in charge, also
# approves others' access and reads the access log.
_CASEWORK_KEEPER = {
    Cap.CONCERN_RECORD,
    Cap.CONCERN_MANAGE,
    Cap.DISPUTE_RECORD,
    Cap.DISPUTE_MANAGE,
    Cap.BULLYING_RECORD,
    Cap.BULLYING_MANAGE,
    Cap.MANDATORY_RECORD,
    Cap.MANDATORY_MANAGE,
}
_CASEWORK_HEAD = _CASEWORK_KEEPER | {
    Cap.CASEWORK_APPROVE,
    Cap.CASEWORK_AUDIT,
    Cap.CASEWORK_OVERSIGHT,
}
# The guard's shift handover at a post (交接班).
_GUARD_GATE |= {Cap.DEFENCE_DUTY}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.BUREAU_ADMIN: frozenset(
        _BUREAU
        | {
            Cap.CALENDAR_MANAGE,
            Cap.AUDIT_VIEW,
            Cap.HAZARD_RULES,
            Cap.RISK_RULES,
            Cap.EMERGENCY_RULES,
            Cap.PATROL_RULES,
            Cap.SUPERVISION_RULES,
            Cap.COCKPIT_MANAGE,
            Cap.ASSESSMENT_MANAGE,
            Cap.EDUCATION_RULES,
            Cap.DEFENCE_RULES,
        }
        | {Cap.WATCHLIST_VIEW, Cap.WATCHLIST_MANAGE}
        | {Cap.SURROUNDINGS_DEPARTMENTS}
        | {Cap.TRANSPORT_RULES}
    ),
    Role.BUREAU_INSPECTOR: frozenset(_BUREAU),
    Role.POLICE_LIAISON: frozenset(
        {Cap.ORG_VIEW, Cap.ZONE_VIEW, *_REINFORCEMENT}
        | {Cap.WATCHLIST_VIEW, Cap.WATCHLIST_MANAGE, Cap.GATE_ALERT, Cap.GATE_OVERSIGHT}
        | {Cap.CONCERN_FLAGGED, Cap.SURROUNDINGS_VIEW}
    ),
    Role.PRINCIPAL: frozenset(_SCHOOL_LEADERS | _CASEWORK_HEAD | {Cap.OUTING_APPROVE}),
    Role.SAFETY_OFFICER: frozenset(
        _SCHOOL_LEADERS | {Cap.GATE_ALERT, Cap.TRANSPORT_ALERT} | _CASEWORK_KEEPER
    ),
    Role.HEAD_TEACHER: frozenset(
        _SCHOOL_STAFF | {Cap.PEOPLE_VIEW, Cap.CASEWORK_VIEW} | _HEAD_TEACHER_GATE | _CLASS_EDUCATION
    )
    | {Cap.HEALTH_CLASS},
    Role.TEACHER: frozenset(_SCHOOL_STAFF | _TEACHER_GATE | _CLASS_EDUCATION),
    Role.GUARD: frozenset(_SCHOOL_STAFF | _GUARD_GATE | {Cap.PATROL_RUN, Cap.ALARM_RESPOND}),
    Role.PE_TEACHER: frozenset(_SCHOOL_STAFF | _TEACHER_GATE | {Cap.HEALTH_VIEW}),
    Role.SCHOOL_MEDIC: frozenset(
        _SCHOOL_STAFF | {Cap.STUDENT_VIEW, Cap.HEALTH_VIEW, Cap.HEALTH_MANAGE}
    ),
    Role.OUTSIDE_DEPARTMENT: frozenset({Cap.SURROUNDINGS_ANSWER}),
}


def capabilities_of(role):
    return CAPABILITIES.get(role, frozenset())


def roles_with(capability):
    return [role for role, caps in CAPABILITIES.items() if capability in caps]
