"""Every list page answers in a fixed number of queries, however much data it shows.

Each case loads the page on the demo data, adds 30 more of what the page lists, and loads it
again: both loads stay within the budget, and the second needs no more queries than the first.
Budgets are the measured count plus a small margin.
"""

from datetime import date

import pytest

from safecampus.core.models import (
    LetterRecipient,
    Org,
    OrgKind,
    PostAssignment,
    ResponsibilityLetter,
    User,
    Zone,
)
from safecampus.core.roles import Role
from safecampus.core.services import letters, orgs, posts, zones
from safecampus.core.services.notifications import notify
from tests import budgets
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

MORE = 30


def _staff(school, n=MORE, role=Role.TEACHER, prefix="extra"):
    """n new members of `school`, each in a department and holding the duty-teacher post."""
    department = school.departments.first()
    duty = school.posts.get(kind="duty_teacher")
    people = []
    for i in range(n):
        user = make_user(
            f"{school.code}.{prefix}{i}",
            f"新同事{i:02d}",
            school,
            role,
            department=department,
            email=f"{prefix}{i}@demo.safecampus.invalid",
        )
        PostAssignment.objects.create(post=duty, user=user)
        people.append(user)
    return people


def _officer(school):
    return User.objects.get(username=f"{school.code}.officer")


def grow_zones(s01):
    people = _staff(s01)
    building = Zone.objects.get(school=s01, name="教学楼A", parent=None)
    for i, person in enumerate(people):
        zones.create_zone(
            actor=_officer(s01),
            school=s01,
            name=f"新区域{i:02d}",
            kind="room",
            parent=building if i % 2 else None,
            responsible=person,
        )


def grow_posts(s01):
    for i, person in enumerate(_staff(s01)):
        post = posts.create_post(
            actor=_officer(s01), school=s01, name=f"新岗位{i:02d}", kind="other", duties="值守"
        )
        posts.assign_person(actor=_officer(s01), post=post, person=person)


def grow_people(s01):
    _staff(s01)


def _issue(school, n, roles):
    principal = User.objects.get(username=f"{school.code}.principal")
    for i in range(n):
        letters.issue_letter(
            actor=principal,
            school=school,
            title=f"责任书{i:02d}",
            body="正文",
            term_start=date(2026, 9, 1),
            term_end=date(2027, 7, 1),
            roles=roles,
        )


def grow_letters(s01):
    _issue(s01, MORE, [Role.GUARD])


def grow_letter_recipients(s01):
    letter = ResponsibilityLetter.objects.filter(school=s01).earliest("issued_at")
    LetterRecipient.objects.bulk_create(
        [LetterRecipient(letter=letter, user=u) for u in _staff(s01)]
    )


def grow_schools(s01):
    street = s01.parent
    for i in range(MORE):
        school = orgs.create_org(
            actor=None,
            parent=street,
            kind=OrgKind.SCHOOL,
            name=f"新学校{i:02d}",
            code=f"x{i:02d}",
            school_kind="primary",
            day_students=100 + i,
        )
        Zone.objects.create(school=school, name="南大门", kind="gate")
        make_user(f"x{i:02d}.officer", f"新主任{i:02d}", school, Role.SAFETY_OFFICER)


def grow_audit(s01):
    for i, person in enumerate(_staff(s01, role=Role.SAFETY_OFFICER)):
        zones.create_zone(actor=person, school=s01, name=f"审计区域{i:02d}", kind="room")


def grow_inbox(s01):
    for i in range(MORE):
        notify([_officer(s01)], kind="test", title=f"提醒{i:02d}", body="内容", url="/", org=s01)


def grow_officer_home(s01):
    officer = _officer(s01)
    for i in range(MORE):
        zones.create_zone(
            actor=officer, school=s01, name=f"我的区域{i:02d}", kind="room", responsible=officer
        )
        post = posts.create_post(
            actor=officer, school=s01, name=f"我的岗位{i:02d}", kind="other", duties="值守"
        )
        posts.assign_person(actor=officer, post=post, person=officer)
    _issue(s01, MORE, [Role.SAFETY_OFFICER])


def _letter_url(s01):
    letter = ResponsibilityLetter.objects.filter(school=s01).earliest("issued_at")
    return f"/schools/{s01.pk}/letters/{letter.pk}/"


# name: (who, url or url(s01), grow(s01), text the grown page shows, query budget).
# Measured on the demo data (Django 6.1, SQLite): zones 6, posts 8, people 9, letters 7,
# letter detail 12, school list 6, org tree 5, audit trail 9, inbox 7, home 8 and 8.
CASES = {
    "zones": ("s01.officer", "/schools/{s01}/zones/", grow_zones, "新区域29", 8),
    "posts": ("s01.officer", "/schools/{s01}/posts/", grow_posts, "新同事", 10),
    "people": ("s01.officer", "/schools/{s01}/people/", grow_people, "新同事", 11),
    "letters": ("s01.principal", "/schools/{s01}/letters/", grow_letters, "责任书29", 9),
    "letter_detail": ("s01.principal", _letter_url, grow_letter_recipients, "新同事", 14),
    "school_list": ("bureau.admin", "/schools/", grow_schools, "新学校", 8),
    "org_tree": ("bureau.admin", "/orgs/", grow_schools, "新学校29", 7),
    "audit_trail": ("s01.principal", "/orgs/{s01}/audit/", grow_audit, "审计区域29", 11),
    "inbox": ("s01.officer", "/notifications/", grow_inbox, "提醒29", 9),
    # Home lists the day's checks and patrol rounds; a day's first view makes its rounds. Its
    # safety summary adds 8: hazards, checks, rounds, alarms, visitors, and drills (3); the
    # alarm button lists the school's zones to place an alarm (one query); what the bureau waits
    # for adds 3 (task copies, campaign stages, visit notices); education's classes without
    # today's 1530 entry 2 (the calendar, then the count), transport's trips and the
    # surroundings' open problems 3; the open roll during an alarm, 1.
    "home_officer": ("s01.officer", "/", grow_officer_home, "我的岗位29", 36),
    "home_bureau": ("bureau.admin", "/", grow_schools, "新学校29", 10),
}


@pytest.mark.parametrize("name", list(CASES))
def test_list_pages_stay_within_a_fixed_query_budget(name, login):
    budgets.assert_case(name, CASES[name], login, Org.objects.get(code="s01"), MORE)
