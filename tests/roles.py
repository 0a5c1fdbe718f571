"""The demo people every scope test tries, with the role each holds."""

from safecampus.core.roles import Role

ROLE_OF = {
    "s01.principal": Role.PRINCIPAL,
    "s01.officer": Role.SAFETY_OFFICER,
    "s01.headteacher": Role.HEAD_TEACHER,
    "s01.teacher": Role.TEACHER,
    "s01.guard": Role.GUARD,
    "bureau.admin": Role.BUREAU_ADMIN,
    "bureau.inspector": Role.BUREAU_INSPECTOR,
    "police.liaison": Role.POLICE_LIAISON,
    "dept.police": Role.OUTSIDE_DEPARTMENT,
}
# The people with a role at the district (the bureau's, and an outside department's) are also
# tried on a school in another district.
BUREAU = ("bureau.admin", "bureau.inspector", "police.liaison", "dept.police")
# The demo parent (students/demo.py): no role, no membership; logs in by phone and SMS code.
GUARDIAN_PHONE = "13800000001"
