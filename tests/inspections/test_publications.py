"""Checks published by the bureau (issue 13 point 3): one schedule per matching school, run
through the schools' normal day, never editable by a school; completion per school."""

from datetime import time, timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Org
from safecampus.core.models.grid import PostKind
from safecampus.core.targets import matching_schools
from safecampus.inspections import queries, services
from safecampus.inspections.models import (
    ChecklistItem,
    CheckTask,
    Publication,
    Recurrence,
    Schedule,
    TaskStatus,
)
from tests.budgets import load

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAILY = {
    "recurrence": Recurrence.DAILY,
    "at": time(0, 5),
    "window_minutes": 24 * 60 - 10,
    "starts_on": TODAY,
    "school_days_only": False,
}


@pytest.fixture
def district():
    return Org.objects.get(code="demo-district")


@pytest.fixture
def checklist(district, person):
    return services.create_template(
        actor=person("bureau.inspector"),
        school=district,
        name="区级消防检查（测试）",
        area="fire",
        items=[{"text": "灭火器在有效期内"}, {"text": "疏散通道畅通"}],
    )


def _publish(person, district, checklist, target=None, **timing):
    return services.publish(
        actor=person("bureau.inspector"),
        bureau=district,
        template=checklist,
        target=target or {},
        post_kind=PostKind.SAFETY_OFFICER,
        **{**DAILY, **timing},
    )


def test_publish_makes_one_schedule_per_matching_school(person, district, checklist, org):
    everyone = _publish(person, district, checklist)
    schools = set(matching_schools(district, {}).values_list("pk", flat=True))
    assert len(schools) == 8
    rows = list(everyone.schedules.values_list("school_id", flat=True))
    assert sorted(rows) == sorted(schools)
    assert AuditEvent.objects.filter(action="check.publish", object_id=str(everyone.pk)).exists()
    # A street only: its schools and no other.
    street = Org.objects.get(code="demo-street-1")
    some = _publish(person, district, checklist, target={"under": [street.pk]})
    picked = set(some.schedules.values_list("school_id", flat=True))
    assert picked == set(
        matching_schools(district, {"under": [street.pk]}).values_list("pk", flat=True)
    )
    assert picked and picked < schools
    # Each schedule goes to the school's safety officer post, and today's check is in the
    # officer's day.
    s01 = org("s01")
    schedule = everyone.schedules.get(school=s01)
    assert schedule.post.kind == PostKind.SAFETY_OFFICER and schedule.post.school == s01
    rows = queries.check_rows(person("s01.officer"), s01, timezone.now())
    assert checklist.name in [row.name for row in rows]


def test_nothing_is_published_when_no_school_matches(person, district, checklist):
    before = Schedule.objects.count(), Publication.objects.count()
    with pytest.raises(DomainError):
        _publish(person, district, checklist, target={"under": [2**30]})
    assert (Schedule.objects.count(), Publication.objects.count()) == before


def test_a_school_cannot_change_a_published_checklist_or_schedule(person, district, checklist, org):
    publication = _publish(person, district, checklist)
    s01, principal = org("s01"), person("s01.principal")
    items = ChecklistItem.objects.filter(version__template=checklist).count()
    with pytest.raises(PermissionRefused):
        services.add_item(actor=principal, template=checklist, text="学校自加")
    with pytest.raises(PermissionRefused):
        services.archive_template(actor=principal, template=checklist)
    schedule = publication.schedules.get(school=s01)
    with pytest.raises(DomainError):
        services.stop_schedule(actor=principal, schedule=schedule)
    schedule.refresh_from_db()
    checklist.refresh_from_db()
    assert schedule.active and not checklist.archived
    assert ChecklistItem.objects.filter(version__template=checklist).count() == items


def test_the_schools_pages_show_it_without_edit_buttons(person, district, checklist, org, login):
    _publish(person, district, checklist)
    s01 = org("s01")
    client = login("s01.principal")
    url = f"/schools/{s01.pk}/checks/checklists/{checklist.pk}/"
    page = client.get(url).content.decode()
    assert 'id="published-by"' in page and district.name in page
    assert f"{url}items/" not in page and f"{url}archive/" not in page
    listing = client.get(f"/schools/{s01.pk}/checks/checklists/").content.decode()
    assert checklist.name in listing
    schedules = client.get(f"/schools/{s01.pk}/checks/schedules/").content.decode()
    schedule = Schedule.objects.get(school=s01, template=checklist)
    assert f"schedules/{schedule.pk}/stop/" not in schedules
    # Posting anyway is refused and changes nothing.
    before = ChecklistItem.objects.filter(version__template=checklist).count()
    response = client.post(
        f"{url}items/", {"text": "学校自加", "kind": "pass_fail", "category": "fire"}
    )
    assert response.status_code == 403
    assert ChecklistItem.objects.filter(version__template=checklist).count() == before
    client.post(f"/schools/{s01.pk}/checks/schedules/{schedule.pk}/stop/")
    schedule.refresh_from_db()
    assert schedule.active


def test_the_bureau_edits_its_checklist_and_a_school_leader_cannot_reach_the_bureau(
    person, district, checklist, login
):
    services.add_item(actor=person("bureau.admin"), template=checklist, text="消防栓完好")
    assert login("s01.principal").get(f"/orgs/{district.pk}/checks/published/").status_code == 404
    # check.publish gives the bureau nothing at a school: its own checklists stay its own.
    s01 = Org.objects.get(code="s01")
    own = services.create_template(
        actor=person("s01.principal"),
        school=s01,
        name="本校自查",
        area="fire",
        items=[{"text": "x"}],
    )
    with pytest.raises(PermissionRefused):
        services.add_item(actor=person("bureau.admin"), template=own, text="区里改的")


def test_withdrawing_stops_future_checks(person, district, checklist, org):
    publication = _publish(person, district, checklist, at=time(23, 50), window_minutes=5)
    s01 = org("s01")
    tomorrow = TODAY + timedelta(days=1)
    assert CheckTask.objects.filter(schedule__publication=publication, day=tomorrow).exists()
    services.withdraw(actor=person("bureau.admin"), publication=publication)
    assert not publication.schedules.filter(active=True).exists()
    assert not CheckTask.objects.filter(schedule__publication=publication, day=tomorrow).exists()
    services.generate_tasks(s01, tomorrow, tomorrow + timedelta(days=3))
    assert not CheckTask.objects.filter(schedule__publication=publication, day__gt=TODAY).exists()
    with pytest.raises(DomainError):
        services.withdraw(actor=person("bureau.admin"), publication=publication)


def test_completion_per_school_equals_the_database(person, district, checklist, org, login):
    publication = _publish(person, district, checklist)
    tasks = CheckTask.objects.filter(schedule__publication=publication, day=TODAY)
    # Some schools missed today's check.
    for task in tasks.order_by("school__path")[:3]:
        task.status = TaskStatus.MISSED
        task.save(update_fields=["status"])
    want = {
        row["school_id"]: (row["total"], row["missed"], row["open"])
        for row in CheckTask.objects.filter(
            schedule__publication=publication, day__range=(TODAY, TODAY)
        )
        .values("school_id")
        .annotate(
            total=Count("pk"),
            missed=Count("pk", filter=Q(status=TaskStatus.MISSED)),
            open=Count("pk", filter=Q(status=TaskStatus.DUE)),
        )
    }
    client = login("bureau.inspector")
    api = client.get(
        f"/api/v1/checks/publications/{publication.pk}/completion",
        {"start": TODAY.isoformat(), "end": TODAY.isoformat(), "page_size": 200},
    ).json()
    assert api["count"] == 8
    got = {row["school_id"]: (row["total"], row["missed"], row["open"]) for row in api["items"]}
    assert got == want
    page = client.get(f"/orgs/{district.pk}/checks/published/{publication.pk}/").content.decode()
    assert 'id="completion-totals"' in page


def test_the_completion_page_costs_the_same_for_more_schools(person, district, checklist, login):
    client = login("bureau.inspector")
    small = _publish(
        person, district, checklist, target={"under": [Org.objects.get(code="demo-street-1").pk]}
    )
    large = _publish(person, district, checklist)
    assert large.schedules.count() > small.schedules.count()
    first, _r = load(client, f"/orgs/{district.pk}/checks/published/{small.pk}/")
    second, _r = load(client, f"/orgs/{district.pk}/checks/published/{large.pk}/")
    assert len(second) <= len(first)


def test_publishing_through_the_api(person, district, checklist, login):
    client = login("bureau.inspector")
    body = {
        "checklist_id": checklist.pk,
        "recurrence": "weekly",
        "weekday": 0,
        "at": "08:00",
        "starts_on": TODAY.isoformat(),
        "target": {"school_kinds": [], "under": [], "boarding": None},
    }
    response = client.post(
        f"/api/v1/orgs/{district.pk}/checks/publications", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["school_count"] == 8
    listed = client.get(f"/api/v1/orgs/{district.pk}/checks/publications").json()
    assert response.json()["id"] in [p["id"] for p in listed["items"]]
    # A school leader may not publish; a weekly check without its day is a 400.
    s01 = Org.objects.get(code="s01")
    refused = login("s01.principal").post(
        f"/api/v1/orgs/{s01.pk}/checks/publications", body, content_type="application/json"
    )
    assert refused.status_code == 403
    bad = client.post(
        f"/api/v1/orgs/{district.pk}/checks/publications",
        {**body, "weekday": None},
        content_type="application/json",
    )
    assert bad.status_code == 400
