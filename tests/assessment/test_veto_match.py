"""Veto items matched against the records: the starter's casualty and concealment items find
a school's incidents of the round's years and the inspector sees them as suggestions with the
veto form filled in; nothing is vetoed until an inspector applies it."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone, translation

from safecampus.assessment.models import RoundStatus, Veto, VetoItem
from safecampus.assessment.services import schemes as scheme_services
from safecampus.core import metrics
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import Org
from safecampus.emergencies.models import EmergencyKind, Incident, IncidentReport
from tests.assessment.rounds_helpers import admin, make_round, starter_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _incident(school, officer, day, injured=0):
    moment = timezone.make_aware(datetime.combine(day, time(10)))
    return Incident.objects.create(
        school=school,
        kind=EmergencyKind.OTHER,
        occurred_at=moment,
        place="操场",
        description="学生摔伤",
        injured=injured,
        recorded_by=officer,
    )


def test_the_incident_figures_count_what_their_names_say(org, person):
    s01, s02 = org("s01"), org("s02")
    officer = person("s01.officer")
    _incident(s01, officer, date(2001, 3, 1), injured=2)
    reported = _incident(s01, officer, date(2001, 4, 1))
    IncidentReport.objects.create(
        incident=reported, bureau=org("demo-district"), sent_at=timezone.now()
    )
    schools = Org.objects.filter(pk__in=[s01.pk, s02.pk])
    year = metrics.Period.year(2001)
    assert metrics.values("incidents.injuries", schools, year) == {s01.pk: 1, s02.pk: 0}
    assert metrics.values("incidents.unreported", schools, year) == {s01.pk: 1, s02.pk: 0}


def test_the_inspector_sees_the_matches_and_applies_the_veto_himself(org, person, login):
    round_ = make_round(RoundStatus.SCORING, year=2001)
    _incident(org("s01"), person("s01.officer"), date(2001, 5, 20), injured=3)
    sheet = round_.sheets.get(school__code="s01")
    client = login("bureau.inspector")
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert 'id="suggested-vetoes"' in page
    items = VetoItem.objects.filter(version=starter_version())
    casualty, concealment = items.get(position=2), items.get(position=6)
    assert casualty.name in page and concealment.name in page
    assert "2001-01-01 – 2001-12-31" in page
    # The form is filled in from the first match; the sheet is not vetoed by the match alone.
    assert f'<option value="{casualty.pk}" selected>' in page
    assert not Veto.objects.filter(sheet=sheet).exists()
    other = round_.sheets.get(school__code="s02")
    assert 'id="suggested-vetoes"' not in client.get(other.get_absolute_url()).content.decode()
    # Once applied, the item is no longer suggested.
    response = client.post(
        f"/assessment/sheets/{sheet.pk}/veto/", {"item": casualty.pk, "reason": "学生受伤三人"}
    )
    assert response.status_code == 302
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert f'<option value="{concealment.pk}" selected>' in page


def test_the_years_looked_back_reach_an_earlier_incident(org, person):
    from safecampus.assessment import queries

    round_ = make_round(RoundStatus.SCORING, year=2001)
    _incident(org("s01"), person("s01.officer"), date(2000, 6, 1), injured=1)
    schools = Org.objects.filter(code="s01")
    assert queries.suggested_vetoes(round_, schools) == {}
    VetoItem.objects.filter(version=round_.version, metric="incidents.injuries").update(years=2)
    found = queries.suggested_vetoes(round_, schools)
    (item, value, period), *_rest = found[org("s01").pk]
    assert (item.metric, value, period.start) == ("incidents.injuries", 1, date(2000, 1, 1))


def test_a_bureau_sets_how_an_item_is_matched_and_bad_input_changes_nothing(org):
    own = scheme_services.copy_scheme(
        actor=admin(), bureau=org("demo-district"), scheme=starter_version().scheme, name="本区"
    )
    item = own.versions.get().vetoes.get(position=1)
    changed = scheme_services.set_veto_match(
        actor=admin(), item=item, metric="incidents.injuries", years=2
    )
    assert (changed.pk, changed.metric, changed.years) == (item.pk, "incidents.injuries", 2)
    with pytest.raises(InvalidFields, match="count"):
        scheme_services.set_veto_match(
            actor=admin(), item=item, metric="hazards.closure_rate", years=1
        )
    with pytest.raises(InvalidFields, match="years"):
        scheme_services.set_veto_match(actor=admin(), item=item, metric="", years=0)
    with pytest.raises(DomainError, match="starter"):
        scheme_services.set_veto_match(
            actor=admin(), item=starter_version().vetoes.first(), metric="", years=1
        )
    item.refresh_from_db()
    assert (item.metric, item.years) == ("incidents.injuries", 2)
    # Rewriting the veto list keeps the match of an item kept by name.
    names = [(v.name, v.look_back) for v in own.versions.get().vetoes.all()]
    scheme_services.set_vetoes(actor=admin(), version=own.versions.get(), items=names)
    assert own.versions.get().vetoes.get(position=1).metric == "incidents.injuries"
