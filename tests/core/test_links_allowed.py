"""Every link a person is shown, they may follow: for each demo role, the links on their home
page and on a school's pages answer anything but 403."""

import re

import pytest

from safecampus.core.models import Org

pytestmark = pytest.mark.django_db

ROLES = [
    "bureau.admin",
    "bureau.inspector",
    "police.liaison",
    "s01.principal",
    "s01.officer",
    "s01.headteacher",
    "s01.teacher",
    "s01.guard",
    "s01.pe",
    "s01.medic",
    "s03.principal",
    "s03.teacher",
    "s03.guard",
]
HREF = re.compile(r'href="(/[^"#]*)"')
# Files and the language form are not pages; logging out ends the crawl.
SKIP = re.compile(r"^/(static|media|api|logout|language)/|/attachments/\d+/")


def _links(html):
    return {href.replace("&amp;", "&") for href in HREF.findall(html) if not SKIP.search(href)}


def _start_pages(username):
    school = Org.objects.get(code=username.split(".")[0]) if username.startswith("s0") else None
    school = school or Org.objects.get(code="s01")
    return ["/", f"/schools/{school.pk}/"]


@pytest.mark.parametrize("username", ROLES)
def test_no_link_on_home_or_school_pages_answers_403(username, login):
    client = login(username)
    forbidden = []
    seen = set()
    for start in _start_pages(username):
        response = client.get(start)
        assert response.status_code == 200, start
        for href in sorted(_links(response.content.decode()) - seen):
            seen.add(href)
            status = client.get(href).status_code
            if status == 403:
                forbidden.append((start, href))
    assert forbidden == []


def test_a_leader_of_one_school_teaching_at_another_sees_no_dead_links_there(login, org):
    """Links follow the person's rights where the page is, not at their home school: the
    principal of s02 who also teaches at s01 is offered s01's pages a teacher may open."""
    from safecampus.core.models import Membership
    from safecampus.core.roles import Role
    from safecampus.students.models import SchoolClass
    from tests.helpers import make_user

    s01, s02 = org("s01"), org("s02")
    person = make_user("s02.principal2", "两校老师", s02, Role.PRINCIPAL)
    Membership.objects.create(user=person, org=s01, role=Role.TEACHER)
    client = login("s02.principal2")
    klass = SchoolClass.objects.filter(school=s01).order_by("pk").first()
    class_page = client.get(f"/schools/{s01.pk}/classes/{klass.pk}/").content.decode()
    assert f"/classes/{klass.pk}/edit/" not in class_page  # a leader's button, not a teacher's
    pages = [f"/schools/{s01.pk}/emergencies/drills/", f"/schools/{s01.pk}/checks/"]
    forbidden = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        forbidden += [
            (page, href)
            for href in sorted(_links(response.content.decode()))
            if client.get(href).status_code == 403
        ]
    assert forbidden == []
