"""A school home page carries the counts that need its reader's action, each a link to the list
behind it for those who may open it, and a feed of what is meant for their role."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecampus.core import summary
from safecampus.core.models import AuditEvent
from safecampus.gate.models import Visit, VisitStatus
from safecampus.hazards.models import Hazard, Status
from safecampus.hazards.queries import overdue_q
from safecampus.inspections.models import CheckTask, TaskStatus

pytestmark = pytest.mark.django_db

COUNT = re.compile(r'id="count-([a-z-]+)"')
# The whole home page of a leader, counts and feed included: a fixed number of queries.
HOME_BUDGET = 40


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _count(page, key):
    """The figure shown for `key`, and the link it opens (None when shown without one)."""
    found = re.search(
        rf'<(a|div) class="card[^"]*" (?:href="([^"]*)" )?id="count-{key}">'
        r'.*?<div class="stat[^"]*">(\d+)',
        page,
        re.S,
    )
    assert found, key
    return int(found.group(3)), (found.group(2) or "").replace("&amp;", "&") or None


def test_a_leader_sees_what_waits_for_them_with_links_to_the_lists(login, org):
    school = org("s01")
    page, queries = _home(login("s01.officer"))
    hazards = Hazard.objects.filter(school=school)
    reported, link = _count(page, "hazards-reported")
    assert reported == hazards.filter(status=Status.REPORTED).count()
    assert link == f"/schools/{school.pk}/hazards/?status=reported"
    assert _count(page, "hazards-rectified")[0] == hazards.filter(status=Status.RECTIFIED).count()
    overdue, link = _count(page, "hazards-overdue")
    assert overdue == hazards.filter(overdue_q()).count() and "overdue=on" in link
    tasks = CheckTask.objects.filter(school=school, day=timezone.localdate())
    done, link = _count(page, "checks-today")
    assert done == tasks.filter(status=TaskStatus.DONE).count()
    assert f"/schools/{school.pk}/checks/oversight/" in link
    for key in ("rounds-missed", "alarms-active", "drills-owed", "visitors-on-site"):
        assert _count(page, key)[1] is not None, key
    assert "hazards-to-fix" not in COUNT.findall(page)
    assert queries <= HOME_BUDGET


def test_each_count_link_opens_for_its_reader(login):
    for username in ("s01.principal", "s01.teacher", "s01.guard", "s03.guard"):
        client = login(username)
        page = client.get("/").content.decode()
        for key in COUNT.findall(page):
            _figure, link = _count(page, key)
            if link:
                assert client.get(link).status_code == 200, (username, key, link)


def test_a_teacher_sees_what_they_must_fix_and_what_they_reported(login, person, org):
    teacher = person("s01.teacher")
    hazards = Hazard.objects.filter(school=org("s01"))
    page, _queries = _home(login("s01.teacher"))
    assert set(COUNT.findall(page)) == {"hazards-to-fix", "hazards-reported-by-me"}
    to_fix, link = _count(page, "hazards-to-fix")
    assert to_fix == hazards.filter(responsible_person=teacher, status=Status.RECTIFYING).count()
    assert link.endswith("/hazards/mine/")
    assert "/hazards/?" not in page


def test_a_guard_sees_their_rounds_and_the_visitors_on_site(login, org):
    school = org("s01")
    page, _queries = _home(login("s01.guard"))
    assert {"rounds-today", "visitors-on-site"} <= set(COUNT.findall(page))
    on_site = Visit.objects.filter(school=school, status=VisitStatus.ON_CAMPUS).count()
    assert _count(page, "visitors-on-site") == (on_site, f"/schools/{school.pk}/gate/")


def test_counts_cost_the_same_few_queries_whatever_the_ledger_holds(person, org):
    school = org("s01")
    officer = person("s01.officer")
    summary.counts(officer, school)  # the person's roles, loaded once per request
    with CaptureQueriesContext(connection) as before:
        summary.counts(officer, school)
    for hazard in Hazard.objects.filter(school=school)[:5]:
        Hazard.objects.filter(pk=hazard.pk).update(status=Status.REPORTED)
    with CaptureQueriesContext(connection) as after:
        summary.counts(officer, school)
    # A few per app: hazards, checks, rounds, alarms, visitors, drills, supervision's 3,
    # education's classes without today's 1530 entry (the calendar, then one count) and
    # transport's 2 (trips, the surroundings' open problems), the roll's 1 (open rolls).
    assert len(after) == len(before) <= 17


def test_watchlist_hits_reach_leaders_and_the_gate_not_every_teacher(person, org):
    school = org("s01")
    hit = AuditEvent.objects.filter(org=school, action="gate.watchlist_hit")
    assert hit.exists()
    assert "gate.watchlist_hit" in summary.feed_actions(person("s01.officer"), school)
    assert "gate.watchlist_hit" in summary.feed_actions(person("s01.guard"), school)
    teacher_actions = summary.feed_actions(person("s01.teacher"), school)
    assert "gate.watchlist_hit" not in teacher_actions
    assert not {"visit.check_in", "visit.check_out", "student.view"} & set(teacher_actions)
    feed = summary.feed(person("s01.teacher"), school)
    assert all(e.action in teacher_actions for e in feed)


def test_the_feed_leaves_out_the_gates_routine_traffic(person, org):
    school = org("s01")
    feed = summary.feed(person("s01.principal"), school, limit=50)
    assert feed and not [e for e in feed if e.action in ("visit.check_in", "visit.check_out")]


def test_a_kindergarten_home_leads_with_pick_up_not_exit_permits(login, org):
    school = org("s03")
    for username in ("s03.guard", "s03.principal"):
        page = login(username).get("/").content.decode()
        assert 'id="pickup-search"' in page, username
        assert page.index('id="pickup-search"') < page.index('id="home-summary"')
        assert f"/schools/{school.pk}/gate/exits/" not in page, username
        assert "pickups-waiting" in COUNT.findall(page)
    page = login("s01.guard").get("/").content.decode()
    assert 'id="pickup-search"' not in page and "/gate/exits/" in page
