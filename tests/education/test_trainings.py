"""Trainings and lectures: recording one with its attendance, refusals, and the staff's quotas
this term per person (seed 003: each head teacher twice, the principal's report once), as the
school and the bureau see them."""

from datetime import date
from decimal import Decimal

import pytest

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Org
from safecampus.education.models import Audience, Training, TrainingKind
from safecampus.education.queries.trainings import people_short, quotas
from safecampus.education.services.trainings import record_training
from tests.education.helpers import on_day, topic  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


def _training(actor, school, **overrides):
    fields = {
        "kind": TrainingKind.TRAINING,
        "audience": Audience.STAFF,
        "title": "班主任培训",
        "day": DAY,
        "hours": Decimal("1.5"),
        "topic": topic("fire"),
        "speaker": actor,
    }
    return record_training(actor=actor, school=school, **(fields | overrides))


@pytest.fixture
def fresh_term(org, on_day):  # noqa: F811
    """s01 with no trainings, on a day of the autumn term."""
    school = org("s01")
    Training.objects.filter(school=school).delete()
    on_day(date(2026, 11, 30))
    return school


def test_a_staff_training_counts_its_attendees(fresh_term, person):
    heads = [person("s01.headteacher"), person("s01.teacher")]
    training = _training(person("s01.officer"), fresh_term, attendees=heads, attendance=99)
    assert training.attendance == 2
    assert {a.person.username for a in training.attendees.all()} == {
        "s01.headteacher",
        "s01.teacher",
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours": Decimal("0")}, "hours"),
        ({"attendees": ["s02.teacher"]}, "attendees"),
        ({"kind": TrainingKind.SAFETY_REPORT, "speaker": None, "speaker_name": "外请"}, "speaker"),
        ({"audience": Audience.PARENTS, "attendees": ["s01.teacher"]}, "attendees"),
        ({"speaker": None}, "speaker_name"),
    ],
    ids=["no-hours", "stranger", "report-without-speaker", "parents-listed", "no-speaker"],
)
def test_bad_trainings_are_refused(fresh_term, person, overrides, field):
    if "attendees" in overrides:
        overrides["attendees"] = [person(name) for name in overrides["attendees"]]
    with pytest.raises(DomainError) as refused:
        _training(person("s01.officer"), fresh_term, **overrides)
    assert field in refused.value.fields
    assert not Training.objects.filter(school=fresh_term).exists()


def test_a_head_teacher_may_not_record_a_training(fresh_term, person):
    with pytest.raises(PermissionRefused):
        _training(person("s01.headteacher"), fresh_term)


def test_quotas_per_person_this_term(fresh_term, person):
    officer, principal = person("s01.officer"), person("s01.principal")
    head, other = person("s01.headteacher"), person("s01.teacher")
    _training(officer, fresh_term, attendees=[head, other])
    _training(officer, fresh_term, attendees=[head], day=date(2026, 11, 25))
    # Last term's training does not count in this one.
    _training(officer, fresh_term, attendees=[other], day=date(2026, 6, 1))
    term, rows = quotas(fresh_term)
    assert term == (date(2026, 9, 1), date(2027, 1, 22))
    found = {(q.person.username, q.duty): (q.done, q.required, q.short) for q in rows}
    assert found[("s01.headteacher", "head_teacher")] == (2, 2, 0)
    assert found[("s01.teacher", "head_teacher")] == (1, 2, 1)
    assert found[("s01.principal", "principal")] == (0, 1, 1)
    _training(
        officer,
        fresh_term,
        kind=TrainingKind.SAFETY_REPORT,
        speaker=principal,
        attendees=[head],
    )
    _term, rows = quotas(fresh_term)
    assert [q.short for q in rows if q.duty == "principal"] == [0]
    # Head teachers of s01: four classes, four people; two with no training at all.
    assert people_short(Org.objects.filter(pk=fresh_term.pk)) == {fresh_term.pk: 3}


def test_the_training_pages(fresh_term, login, person):
    client = login("s01.officer")
    response = client.post(
        f"/orgs/{fresh_term.pk}/education/trainings/new/",
        {
            "kind": "lecture",
            "audience": "parents",
            "title": "家长会：防溺水",
            "day": "2026-11-20",
            "hours": "1",
            "speaker": person("s01.principal").pk,
            "attendance": "140",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get(school=fresh_term, title="家长会：防溺水")
    assert training.attendance == 140
    page = client.get(f"/orgs/{fresh_term.pk}/education/trainings/").content.decode()
    assert "家长会：防溺水" in page and "quotas" in page
    bad = client.post(
        f"/orgs/{fresh_term.pk}/education/trainings/new/",
        {"kind": "training", "audience": "staff", "title": "无时长", "day": "2026-11-20"},
    )
    assert bad.status_code == 400 and "无时长" in bad.content.decode()
