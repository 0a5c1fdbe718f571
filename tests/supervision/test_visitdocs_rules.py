"""A bureau's own cadence rules: the nearest row up the tree applies, the page shows where each
figure comes from, saving creates the bureau's row, bad values change nothing."""

import json

import pytest
from django.urls import reverse

from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from safecampus.core.models import AuditEvent
from safecampus.supervision.models import SupervisionRules
from safecampus.supervision.rules import rules_for
from safecampus.supervision.services.visitdocs import set_rules

pytestmark = pytest.mark.django_db

GOOD = {
    "visits_per_inspector_week": 3,
    "visits_per_school_semester": 4,
    "comprehensive_min_inspectors": 3,
    "reminder_days": 2,
    "source": "城南区教育局督导工作细则",
}


def _fingerprint():
    return (
        list(SupervisionRules.objects.order_by("pk").values()),
        AuditEvent.objects.filter(action="svisit.rules").count(),
    )


def test_the_default_applies_until_a_bureau_sets_its_own(org, person):
    district, s01 = org("demo-district"), org("s01")
    default = rules_for(s01)
    assert default.org_id is None
    own = set_rules(actor=person("bureau.admin"), org=district, **GOOD)
    assert own.org_id == district.pk and own.visits_per_school_semester == 4
    assert rules_for(s01) == own  # the nearest row up the tree
    assert rules_for(org("demo-city")).org_id is None  # above the bureau: still the default
    event = AuditEvent.objects.filter(action="svisit.rules", org=district).latest("seq")
    assert event.changes["visits_per_school_semester"] == [default.visits_per_school_semester, 4]


def test_a_second_save_updates_the_same_row(org, person):
    district = org("demo-district")
    first = set_rules(actor=person("bureau.admin"), org=district, **GOOD)
    second = set_rules(actor=person("bureau.admin"), org=district, **GOOD | {"reminder_days": 5})
    assert first.pk == second.pk
    assert SupervisionRules.objects.filter(org=district).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("visits_per_inspector_week", -1),
        ("visits_per_inspector_week", 51),
        ("visits_per_school_semester", 999),
        ("comprehensive_min_inspectors", 0),
        ("reminder_days", 31),
        ("reminder_days", "2"),
        ("source", "长" * 201),
    ],
)
def test_bad_values_are_refused_and_change_nothing(org, person, field, value):
    before = _fingerprint()
    with pytest.raises(InvalidFields) as refused:
        set_rules(actor=person("bureau.admin"), org=org("demo-district"), **GOOD | {field: value})
    assert field in refused.value.fields
    assert _fingerprint() == before


def test_only_rules_holders_and_only_at_a_bureau(org, person):
    before = _fingerprint()
    with pytest.raises(PermissionRefused):
        set_rules(actor=person("bureau.inspector"), org=org("demo-district"), **GOOD)
    with pytest.raises(DomainError):
        set_rules(actor=person("bureau.admin"), org=org("s01"), **GOOD)
    assert _fingerprint() == before


def test_the_page_shows_the_source_and_saves(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    url = reverse("supervision:visit_rules", args=[district.pk])
    page = client.get(url).content.decode()
    default = SupervisionRules.objects.get(org=None)
    assert default.source in page
    response = client.post(url, GOOD)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert GOOD["source"] in page and district.name in page


def test_the_page_keeps_what_was_typed_on_a_bad_value(org, login):
    district = org("demo-district")
    before = _fingerprint()
    response = login("bureau.admin").post(
        reverse("supervision:visit_rules", args=[district.pk]),
        GOOD | {"reminder_days": "99", "source": "我的来源"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "我的来源" in page and 'value="99"' in page
    assert _fingerprint() == before


def test_the_api_reads_and_sets_the_rules(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    url = f"/api/v1/orgs/{district.pk}/supervision/rules"
    assert client.get(url).json()["own"] is False
    response = client.put(url, json.dumps(GOOD), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["own"] is True
    assert response.json()["visits_per_school_semester"] == 4
    before = _fingerprint()
    bad = client.put(url, json.dumps(GOOD | {"reminder_days": 31}), content_type="application/json")
    assert bad.status_code == 422
    body = json.dumps(GOOD)
    inspector = login("bureau.inspector").put(url, body, content_type="application/json")
    assert inspector.status_code == 403
    assert _fingerprint() == before
