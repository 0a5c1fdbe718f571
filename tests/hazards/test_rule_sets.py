"""A bureau's hazard rules, set through the service the rules page calls."""

import pytest

from safecampus.core.errors import PermissionRefused
from safecampus.core.models import AuditEvent
from safecampus.hazards import services
from safecampus.hazards.models import HazardRuleSet

pytestmark = pytest.mark.django_db

RULES = {
    "general_days": 5,
    "major_days": 20,
    "remind_days": "1,3, 3",
    "principal_after_days": 4,
    "source": "城南区教育局〔2026〕3号",
}


def test_it_saves_the_bureaus_rules_and_records_them(org, person):
    district = org("demo-district")
    services.set_rules(actor=person("bureau.admin"), org=district, **RULES)
    rules = HazardRuleSet.objects.get(org=district)
    assert (rules.general_days, rules.major_days, rules.principal_after_days) == (5, 20, 4)
    assert rules.remind_days == "3,1" and rules.name == district.name
    event = AuditEvent.objects.get(org=district, action="hazard.rules")
    assert event.object_id == str(rules.pk) and event.changes["remind_days"] == "3,1"


def test_saving_again_changes_the_same_row(org, person):
    district = org("demo-district")
    admin = person("bureau.admin")
    services.set_rules(actor=admin, org=district, **RULES)
    services.set_rules(actor=admin, org=district, **{**RULES, "general_days": 2})
    assert HazardRuleSet.objects.get(org=district).general_days == 2
    assert AuditEvent.objects.filter(org=district, action="hazard.rules").count() == 2


@pytest.mark.parametrize("username", ["bureau.inspector", "s01.officer"])
def test_it_requires_the_rules_capability_and_changes_nothing(org, person, username):
    district = org("demo-district")
    events = AuditEvent.objects.filter(org=district).count()
    with pytest.raises(PermissionRefused):
        services.set_rules(actor=person(username), org=district, **RULES)
    assert not HazardRuleSet.objects.filter(org=district).exists()
    assert AuditEvent.objects.filter(org=district).count() == events
