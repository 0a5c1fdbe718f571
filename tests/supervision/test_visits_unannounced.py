"""An unannounced visit (四不两直) is invisible to the school until it starts: not in its lists,
not by its address, not in the API, no notification; once started the school sees it."""

import pytest

from safecampus.core.models import AuditEvent, Notification
from safecampus.supervision.models import VisitKind
from safecampus.supervision.services import visits as services
from tests.supervision.visits_helpers import plan

pytestmark = pytest.mark.django_db

SCHOOL_PEOPLE = ("s01.officer", "s01.principal")


def _seen(client, visit):
    school = visit.school.pk
    page = client.get(f"/supervision/visits/{visit.pk}/").status_code
    listed = visit.title in client.get(f"/orgs/{school}/supervision/visits/").content.decode()
    api = client.get(f"/api/v1/supervision-visits/{visit.pk}").status_code
    rows = client.get(f"/api/v1/orgs/{school}/supervision-visits?page_size=200").json()["items"]
    return page, listed, api, visit.pk in [r["id"] for r in rows]


@pytest.mark.parametrize("username", SCHOOL_PEOPLE)
def test_the_school_does_not_see_it_before_it_starts_and_sees_it_after(username, login):
    visit = plan("s01", VisitKind.UNANNOUNCED, days=3)
    client = login(username)
    assert _seen(client, visit) == (404, False, 404, False)
    assert not Notification.objects.filter(url=visit.get_absolute_url()).exists()
    services.start_visit(actor=visit.lead, visit=visit)
    assert _seen(client, visit) == (200, True, 200, True)
    assert Notification.objects.filter(
        url=visit.get_absolute_url(), user__username=username, kind="svisit.started"
    ).exists()


def test_the_bureau_sees_it_all_along(login):
    visit = plan("s01", VisitKind.UNANNOUNCED, days=3)
    for username in ("bureau.admin", "bureau.inspector"):
        assert _seen(login(username), visit) == (200, True, 200, True)


def test_a_cancelled_unannounced_visit_stays_unseen(login):
    visit = plan("s01", VisitKind.UNANNOUNCED, days=3)
    services.cancel_visit(actor=visit.lead, visit=visit, reason="改期")
    assert _seen(login("s01.officer"), visit) == (404, False, 404, False)
    assert not Notification.objects.filter(url=visit.get_absolute_url()).exists()


def test_an_announced_visit_is_seen_at_once(login):
    visit = plan("s01", VisitKind.ROUTINE, days=3)
    assert _seen(login("s01.officer"), visit) == (200, True, 200, True)


def test_its_planning_is_not_in_the_schools_trail_or_home_feed(login):
    visit = plan("s01", VisitKind.UNANNOUNCED, days=3)
    planned = AuditEvent.objects.filter(action="svisit.plan", object_id=visit.pk)
    assert list(planned.values_list("org_id", flat=True)) == [visit.bureau_id]
    home = login("s01.principal").get("/").content.decode()
    assert visit.title not in home
    trail = login("s01.principal").get(f"/orgs/{visit.school_id}/audit/").content.decode()
    assert visit.title not in trail
