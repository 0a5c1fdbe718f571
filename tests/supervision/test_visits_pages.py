"""The visit pages: every link a person is shown answers them, a refused form keeps what was
typed, and the phone page files the hazard."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import User
from safecampus.hazards.models import Hazard
from safecampus.supervision.models import SupervisionVisit, VisitStatus
from tests.supervision.visits_helpers import first_item, version_for, visit_in

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = re.compile(r"^/(static|media|api|logout|language)/|/attachments/\d+/")


def _links(html):
    return {h.replace("&amp;", "&") for h in HREF.findall(html) if not SKIP.search(h)}


@pytest.mark.parametrize("username", ["bureau.admin", "bureau.inspector", "s01.officer"])
def test_every_link_on_the_visit_pages_may_be_followed(username, login, org):
    client = login(username)
    at = org("demo-district") if username.startswith("bureau") else org("s01")
    pages = [f"/orgs/{at.pk}/supervision/visits/", "/supervision/visits/mine/"]
    for visit in SupervisionVisit.objects.filter(school__code__in=("s01", "s04", "s05")):
        pages.append(visit.get_absolute_url())
    links = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 200:
            links |= _links(response.content.decode())
    refused = [url for url in sorted(links) if client.get(url).status_code == 403]
    assert refused == []


def test_a_refused_plan_keeps_what_was_typed(login, org):
    district = org("demo-district")
    response = login("bureau.admin").post(
        f"/orgs/{district.pk}/supervision/visits/new/",
        {
            "kind": "comprehensive",
            "title": "综合督导标题保留",
            "planned_on": f"{timezone.localdate() + timedelta(days=3)}",
            "lead": User.objects.get(username="bureau.inspector").pk,
            "schools": [org("s01").pk],
            "version": version_for(district).pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "综合督导标题保留" in page and "alert-danger" in page
    assert not SupervisionVisit.objects.filter(title="综合督导标题保留").exists()


def test_a_bad_filter_is_a_form_error_not_a_failure(login, org):
    response = login("bureau.admin").get(
        f"/orgs/{org('demo-district').pk}/supervision/visits/?start=not-a-date&status=nope"
    )
    assert response.status_code == 200


def test_the_phone_page_files_the_hazard_and_a_refusal_keeps_the_note(login):
    visit = visit_in(VisitStatus.UNDER_WAY)
    item = first_item(visit)
    client = login("bureau.inspector")
    url = f"/supervision/visits/{visit.pk}/items/{item.pk}/"
    zone = visit.school.zones.order_by("path_name").first()
    refused = client.post(url, {f"i{item.pk}-outcome": "fail"})
    assert refused.status_code == 200 and "alert-danger" in refused.content.decode()
    response = client.post(
        url,
        {
            f"i{item.pk}-outcome": "fail",
            f"i{item.pk}-note": "围墙破损",
            f"i{item.pk}-zone": zone.pk,
        },
    )
    assert response.status_code == 302
    hazard = Hazard.objects.get(origin_url=visit.get_absolute_url())
    assert hazard.zone == zone and hazard.place == zone.path_name
    detail = client.get(f"/supervision/visits/{visit.pk}/run/").content.decode()
    assert hazard.get_absolute_url() in detail


def test_the_notice_names_each_finding_with_its_hazard_and_place(login):
    visit = visit_in(VisitStatus.ISSUED)
    hazard = Hazard.objects.get(origin_url=visit.get_absolute_url())
    page = login("s01.principal").get(visit.get_absolute_url()).content.decode()
    notice = page[page.index('id="notice"') :]
    assert hazard.get_absolute_url() in notice and hazard.place in notice
    assert 'id="respond"' in page and 'id="close"' not in page


def test_a_school_is_not_offered_the_bureaus_actions(login):
    visit = visit_in(VisitStatus.PLANNED)
    page = login("s01.officer").get(visit.get_absolute_url()).content.decode()
    for action in ("start-visit", "cancel-visit", "issue-notice"):
        assert action not in page
