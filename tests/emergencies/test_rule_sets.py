"""A bureau's emergency rules, set through the service the rules page calls."""

import pytest

from safecampus.core.errors import PermissionRefused
from safecampus.core.models import AuditEvent
from safecampus.emergencies.models import DrillPeriod, EmergencyRuleSet
from safecampus.emergencies.services import rules as rule_services

pytestmark = pytest.mark.django_db

RULES = {
    "school_period": DrillPeriod.MONTH,
    "kindergarten_period": DrillPeriod.MONTH,
    "report_read_minutes": 20,
    "source": "区应急办〔2026〕1号",
}


def test_it_saves_the_bureaus_rules_and_records_them(org, person):
    district = org("demo-district")
    rule_services.set_rules(actor=person("bureau.admin"), org=district, **RULES)
    rules = EmergencyRuleSet.objects.get(org=district)
    assert (rules.school_period, rules.report_read_minutes) == (DrillPeriod.MONTH, 20)
    event = AuditEvent.objects.filter(org=district, action="emergency.rules").latest("seq")
    assert event.object_id == str(rules.pk) and event.changes["report_read_minutes"] == "20"


@pytest.mark.parametrize("username", ["bureau.inspector", "s01.officer"])
def test_it_requires_the_rules_capability_and_changes_nothing(org, person, username):
    district = org("demo-district")
    before = list(EmergencyRuleSet.objects.filter(org=district).values())
    events = AuditEvent.objects.filter(org=district).count()
    with pytest.raises(PermissionRefused):
        rule_services.set_rules(actor=person(username), org=district, **RULES)
    assert list(EmergencyRuleSet.objects.filter(org=district).values()) == before
    assert AuditEvent.objects.filter(org=district).count() == events
