"""A bureau's finding (issue 13 point 1): a bureau inspector files a hazard in a school under the
bureau, with the bureau's deadline; it lands in the school's ledger and runs its closed loop."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Notification, Org
from safecampus.hazards import services
from safecampus.hazards.models import Hazard, Source, Status
from tests.helpers import png
from tests.scope import outside_school

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DEADLINE = TODAY + timedelta(days=14)
FINDING = {
    "place": "教学楼东侧楼梯",
    "category": "fire",
    "description": "督导发现：消防通道堆放杂物",
    "source": "supervision",
    "supervision_deadline": DEADLINE.isoformat(),
}


def test_an_inspector_files_a_finding_in_s01s_ledger(login, org, person):
    s01, inspector = org("s01"), person("bureau.inspector")
    zone = s01.zones.order_by("pk").first()
    client = login("bureau.inspector")
    page = client.get(f"/schools/{s01.pk}/hazards/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="supervision_deadline"' in html and 'name="anonymous"' not in html
    response = client.post(
        f"/schools/{s01.pk}/hazards/new/", {**FINDING, "zone": zone.pk, "photos": png()}
    )
    assert response.status_code == 302
    hazard = Hazard.objects.get(school=s01, description=FINDING["description"])
    district = Org.objects.get(code="demo-district")
    assert (hazard.status, hazard.source, hazard.supervision_deadline) == (
        Status.REPORTED,
        Source.SUPERVISION,
        DEADLINE,
    )
    assert hazard.reporter == inspector and hazard.found_by == district
    assert not hazard.anonymous and hazard.zone == zone
    # The school's confirmers are told, as for any report.
    told = set(
        Notification.objects.filter(url__contains=f"/hazards/{hazard.pk}/").values_list(
            "user__username", flat=True
        )
    )
    assert {"s01.officer", "s01.principal"} <= told
    audit = AuditEvent.objects.get(action="hazard.report", object_id=str(hazard.pk))
    assert audit.changes["found_by"] == district.name
    # The school's ledger and the hazard's page say who found it and by when it must be fixed.
    officer = login("s01.officer")
    ledger = officer.get(f"/schools/{s01.pk}/hazards/").content.decode()
    assert re.search(rf'<span class="found-by">[^<]*{district.name}', ledger)
    assert DEADLINE.isoformat() in ledger
    detail = officer.get(f"/schools/{s01.pk}/hazards/{hazard.pk}/").content.decode()
    assert 'id="hazard-found-by"' in detail and district.name in detail
    assert DEADLINE.isoformat() in detail


def test_a_finding_without_a_deadline_or_with_a_past_one_is_refused(login, org):
    s01 = org("s01")
    client = login("bureau.inspector")
    before = Hazard.objects.count()
    for deadline in ("", (TODAY - timedelta(days=1)).isoformat()):
        response = client.post(
            f"/schools/{s01.pk}/hazards/new/", {**FINDING, "supervision_deadline": deadline}
        )
        assert response.status_code == 400
        # Nothing typed is lost.
        assert FINDING["description"] in response.content.decode()
    far = (TODAY + timedelta(days=400)).isoformat()
    response = client.post(
        f"/schools/{s01.pk}/hazards/new/", {**FINDING, "supervision_deadline": far}
    )
    assert response.status_code == 400
    assert Hazard.objects.count() == before


def test_the_service_refuses_a_bureau_finding_without_deadline_or_anonymous(org, person):
    s01, inspector = org("s01"), person("bureau.inspector")
    fields = {"place": "操场", "category": "fire", "description": "灭火器过期"}
    before = Hazard.objects.count()
    with pytest.raises(DomainError):
        services.report_hazard(actor=inspector, school=s01, source=Source.SUPERVISION, **fields)
    with pytest.raises(DomainError):
        services.report_hazard(
            actor=inspector,
            school=s01,
            source=Source.SUPERVISION,
            anonymous=True,
            supervision_deadline=DEADLINE,
            **fields,
        )
    with pytest.raises(DomainError):
        services.report_hazard(
            actor=inspector,
            school=s01,
            source=Source.PATROL,
            supervision_deadline=DEADLINE,
            **fields,
        )
    assert Hazard.objects.count() == before


def test_a_bureau_cannot_file_in_a_school_outside_it(login):
    school = outside_school()
    client = login("bureau.inspector")
    before = Hazard.objects.count()
    assert client.get(f"/schools/{school.pk}/hazards/new/").status_code == 404
    assert client.post(f"/schools/{school.pk}/hazards/new/", FINDING).status_code == 404
    response = client.post(f"/api/v1/schools/{school.pk}/hazards", FINDING)
    assert response.status_code == 404
    district = Org.objects.get(code="demo-district")
    picked = client.get(f"/orgs/{district.pk}/hazards/finding/", {"school": school.pk})
    assert picked.status_code == 400
    assert Hazard.objects.count() == before


def test_the_bureau_picks_the_school_from_its_overview(login, org):
    s01, district = org("s01"), Org.objects.get(code="demo-district")
    client = login("bureau.inspector")
    overview = client.get(f"/orgs/{district.pk}/hazards/").content.decode()
    assert f"/orgs/{district.pk}/hazards/finding/" in overview
    page = client.get(f"/orgs/{district.pk}/hazards/finding/")
    assert page.status_code == 200 and s01.name in page.content.decode()
    picked = client.get(f"/orgs/{district.pk}/hazards/finding/", {"school": s01.pk})
    assert picked.status_code == 302 and picked["Location"] == f"/schools/{s01.pk}/hazards/new/"
    # The police liaison does not file hazards: no link, no page.
    police = login("police.liaison")
    assert "hazards/finding/" not in police.get(f"/orgs/{district.pk}/hazards/").content.decode()


def test_the_api_files_a_finding_and_refuses_a_deadline_from_staff(login, org):
    s01 = org("s01")
    response = login("bureau.inspector").post(f"/api/v1/schools/{s01.pk}/hazards", FINDING)
    assert response.status_code == 201
    body = response.json()
    assert body["supervision_deadline"] == DEADLINE.isoformat()
    assert body["found_by_id"] == Org.objects.get(code="demo-district").pk
    before = Hazard.objects.count()
    refused = login("s01.teacher").post(f"/api/v1/schools/{s01.pk}/hazards", FINDING)
    assert refused.status_code == 400 and Hazard.objects.count() == before


def test_a_teachers_report_is_unchanged(login, org, person):
    s01 = org("s01")
    client = login("s01.teacher")
    html = client.get(f"/schools/{s01.pk}/hazards/new/").content.decode()
    assert 'name="anonymous"' in html and 'name="supervision_deadline"' not in html
    response = client.post(
        f"/schools/{s01.pk}/hazards/new/",
        {"place": "食堂后门", "category": "fire", "description": "灭火器过期", "source": "report"},
    )
    assert response.status_code == 302
    hazard = Hazard.objects.get(school=s01, place="食堂后门")
    assert hazard.reporter == person("s01.teacher")
    assert hazard.found_by is None and hazard.supervision_deadline is None
