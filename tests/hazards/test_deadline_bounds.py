"""A rectification deadline is bounded by the bureau's rule unless a reason is written (the
timeline keeps it), never more than a year away, and every bad field is named at once, on the
page and in the API."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from safecampus.core.errors import InvalidFields
from safecampus.core.models import Org
from safecampus.hazards import services
from safecampus.hazards.models import Grade, Hazard, HazardRuleSet, Status

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def school(org):
    return org("s01")


@pytest.fixture
def confirmed(school, person):
    """A general hazard, confirmed by the officer, waiting for its five items."""
    officer = person("s01.officer")
    hazard = services.report_hazard(
        actor=person("s01.teacher"),
        school=school,
        place="二楼走廊",
        category="structure",
        description="栏杆松动",
    )
    return services.confirm(actor=officer, hazard=hazard, grade=Grade.GENERAL)


def _five_items(person, **changes):
    return {
        "responsible_person": person("s01.officer"),
        "responsible_unit": "总务处",
        "measures": "更换栏杆",
        "deadline": TODAY() + timedelta(days=5),
        **changes,
    }


def test_a_deadline_within_the_rule_needs_no_reason(confirmed, person):
    hazard = services.assign(actor=person("s01.officer"), hazard=confirmed, **_five_items(person))
    assert hazard.status == Status.RECTIFYING


def test_a_deadline_past_the_rule_without_a_reason_is_refused(confirmed, person):
    with translation.override("en"), pytest.raises(InvalidFields) as refused:
        services.assign(
            actor=person("s01.officer"),
            hazard=confirmed,
            **_five_items(person, deadline=TODAY() + timedelta(days=20)),
        )
    assert list(refused.value.fields) == ["deadline"]
    assert "7 days" in refused.value.fields["deadline"]
    assert Hazard.objects.get(pk=confirmed.pk).status == Status.CONFIRMED


def test_the_bureaus_own_rule_sets_the_bound(confirmed, person):
    district = Org.objects.get(code="demo-district")
    HazardRuleSet.objects.update_or_create(
        org=district,
        defaults={"name": "区规定", "general_days": 30, "major_days": 60, "remind_days": "3,1"},
    )
    deadline = TODAY() + timedelta(days=20)
    hazard = services.assign(
        actor=person("s01.officer"), hazard=confirmed, **_five_items(person, deadline=deadline)
    )
    assert hazard.deadline == deadline


def test_a_later_deadline_with_a_reason_is_kept_in_the_timeline_and_the_audit(confirmed, person):
    deadline = TODAY() + timedelta(days=40)
    reason = "栏杆需定制，厂家交货要一个月"
    with translation.override("zh-hans"):
        hazard = services.assign(
            actor=person("s01.officer"),
            hazard=confirmed,
            **_five_items(person, deadline=deadline, deadline_reason=reason),
        )
    assert hazard.deadline == deadline
    event = hazard.events.get(action="assign")
    assert reason in event.note
    assert "7 天" in event.note
    audit = hazard.school.audit_events.filter(action="hazard.assign").latest("pk")
    assert audit.changes["deadline_reason"] == reason


@pytest.mark.parametrize("days", [367, 83_000])
def test_no_reason_carries_a_deadline_more_than_a_year_away(confirmed, person, days):
    with pytest.raises(InvalidFields) as refused:
        services.assign(
            actor=person("s01.officer"),
            hazard=confirmed,
            **_five_items(person, deadline=TODAY() + timedelta(days=days), deadline_reason="经费"),
        )
    assert list(refused.value.fields) == ["deadline"]


def test_every_bad_field_is_named_at_once(confirmed, person):
    with pytest.raises(InvalidFields) as refused:
        services.assign(
            actor=person("s01.officer"),
            hazard=confirmed,
            **_five_items(
                person,
                measures=" ",
                deadline=TODAY() + timedelta(days=90_000),
                funds_amount=500,
                funds_source="",
            ),
        )
    assert set(refused.value.fields) == {"measures", "deadline", "funds_source"}


def test_an_extension_past_a_year_and_without_a_reason_names_both(confirmed, person):
    officer = person("s01.officer")
    hazard = services.assign(actor=officer, hazard=confirmed, **_five_items(person))
    with pytest.raises(InvalidFields) as refused:
        services.request_extension(
            actor=officer, hazard=hazard, new_deadline=TODAY() + timedelta(days=400), reason=""
        )
    assert set(refused.value.fields) == {"new_deadline", "reason"}


# The page and the API --------------------------------------------------------------------------


def _assign_url(hazard):
    return f"/schools/{hazard.school_id}/hazards/{hazard.pk}/assign/"


def test_the_page_marks_every_bad_field_at_once(confirmed, person, login):
    client = login("s01.officer")
    response = client.post(
        _assign_url(confirmed),
        {
            "responsible_person": person("s01.officer").pk,
            "responsible_unit": "",
            "measures": "更换栏杆",
            "deadline": "2254-05-01",
            "funds_amount": "300",
            "funds_source": "",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    form = response.context["forms"]["assign"]
    assert set(form.errors) == {"responsible_unit", "deadline", "funds_source"}
    assert "more than a year away" in form.errors["deadline"][0]


def test_the_page_takes_a_later_deadline_with_its_reason(confirmed, person, login):
    client = login("s01.officer")
    deadline = TODAY() + timedelta(days=30)
    response = client.post(
        _assign_url(confirmed),
        {
            "responsible_person": person("s01.officer").pk,
            "responsible_unit": "总务处",
            "measures": "更换栏杆",
            "deadline": deadline.isoformat(),
            "deadline_reason": "寒假施工",
        },
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.deadline == deadline


def test_the_page_says_what_the_rule_allows(confirmed, login):
    page = login("s01.officer").get(confirmed.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    latest = TODAY() + timedelta(days=7)
    assert f"7 days for this grade, until {latest:%Y-%m-%d}" in page.content.decode()
    assert 'name="deadline_reason"' in page.content.decode()


def test_the_api_names_every_bad_field_at_once(confirmed, person, login):
    response = login("s01.officer").post(
        f"/api/v1/hazards/{confirmed.pk}/assign",
        {
            "responsible_person_id": person("s01.officer").pk,
            "responsible_unit": " ",
            "measures": "更换栏杆",
            "deadline": "2254-05-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"responsible_unit", "deadline"}
    assert body["errors"]["deadline"] in body["detail"]


def test_the_api_takes_a_reason_for_a_later_deadline(confirmed, person, login):
    deadline = TODAY() + timedelta(days=14)
    response = login("s01.officer").post(
        f"/api/v1/hazards/{confirmed.pk}/assign",
        {
            "responsible_person_id": person("s01.officer").pk,
            "responsible_unit": "总务处",
            "measures": "更换栏杆",
            "deadline": deadline.isoformat(),
            "deadline_reason": "等材料",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["deadline"] == deadline.isoformat()
