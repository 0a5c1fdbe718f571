"""A bureau's risk grading rules, set through the service the rules page calls."""

import pytest

from safecampus.core.errors import PermissionRefused
from safecampus.core.models import AuditEvent
from safecampus.risks import services
from safecampus.risks.models import RiskRuleSet
from safecampus.risks.rules import rules_for

pytestmark = pytest.mark.django_db

LEC = [[160.0, "major"], [70.0, "general"], [0, "low"]]
MATRIX = [[15.0, "major"], [6.0, "general"], [0, "low"]]


def _set(actor, org):
    return services.set_rules(
        actor=actor, org=org, lec_bands=LEC, matrix_bands=MATRIX, review_months=6, source="三级"
    )


def test_it_saves_the_bureaus_bands_and_records_them(org, person):
    district = org("demo-district")
    colours = rules_for(district).colours
    _set(person("bureau.admin"), district)
    rules = RiskRuleSet.objects.get(org=district)
    assert (rules.lec_bands, rules.matrix_bands) == (LEC, MATRIX)
    assert (rules.review_months, rules.source, rules.colours) == (6, "三级", colours)
    event = AuditEvent.objects.get(org=district, action="risk.rules")
    assert event.object_id == str(rules.pk)
    assert event.changes == {"lec": LEC, "matrix": MATRIX}


@pytest.mark.parametrize("username", ["bureau.inspector", "s01.officer"])
def test_it_requires_the_rules_capability_and_changes_nothing(org, person, username):
    district = org("demo-district")
    before = list(RiskRuleSet.objects.filter(org=district).values())
    events = AuditEvent.objects.filter(org=district).count()
    with pytest.raises(PermissionRefused):
        _set(person(username), district)
    assert list(RiskRuleSet.objects.filter(org=district).values()) == before
    assert AuditEvent.objects.filter(org=district).count() == events
