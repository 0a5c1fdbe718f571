"""Reporting a hazard: a repeated submission creates one hazard, and an anonymous report leaves
no trace of who made it (the whistle-blower system, domain.md mechanism 2)."""

import uuid
from datetime import timedelta

import pytest

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Attachment, AuditEvent, Notification
from safecampus.hazards import services
from safecampus.hazards.models import Grade, Hazard, HazardEvent, Source, Status
from tests.helpers import png

pytestmark = pytest.mark.django_db

API = "/api/v1"


def report(actor, school, **extra):
    fields = {
        "place": "操场东北角围墙",
        "category": "structure",
        "description": "围墙有一道裂缝，雨后渗水",
        **extra,
    }
    return services.report_hazard(actor=actor, school=school, **fields)


def _max_ids():
    return {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for model in (Hazard, HazardEvent, AuditEvent, Notification, Attachment)
    }


def _new_rows(since):
    """Every row of the tables a report writes to that was created after `since`."""
    return {model: list(model.objects.filter(pk__gt=pk)) for model, pk in since.items()}


def _traces_of(user):
    return [value for value in (user.username, user.display_name, user.mobile) if value]


def _row_text(row):
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    return repr(values)


# One submission id, one hazard ---------------------------------------------------------------


def test_the_same_report_submitted_twice_creates_one_hazard(org, person):
    s01, teacher = org("s01"), person("s01.teacher")
    client_uuid = uuid.uuid4()
    before = _max_ids()
    first = report(teacher, s01, client_uuid=client_uuid, photos=[png()])
    again = report(teacher, s01, client_uuid=client_uuid, photos=[png()])
    assert again.pk == first.pk
    rows = _new_rows(before)
    assert [h.pk for h in rows[Hazard]] == [first.pk]
    assert [(e.hazard_id, e.action) for e in rows[HazardEvent]] == [(first.pk, "report")]
    assert [a.action for a in rows[AuditEvent]] == ["hazard.report"]
    assert len(rows[Attachment]) == 1


def test_an_anonymous_report_submitted_twice_creates_one_hazard(org, person):
    s01, teacher = org("s01"), person("s01.teacher")
    client_uuid = uuid.uuid4()
    first = report(teacher, s01, client_uuid=client_uuid, anonymous=True)
    again = report(teacher, s01, client_uuid=client_uuid, anonymous=True)
    assert again.pk == first.pk
    assert again.tracking_code == first.tracking_code
    assert Hazard.objects.filter(client_uuid=client_uuid).count() == 1


def test_a_submission_id_used_at_another_school_is_refused(org, person):
    client_uuid = uuid.uuid4()
    report(person("s01.teacher"), org("s01"), client_uuid=client_uuid)
    with pytest.raises(DomainError):
        report(person("s02.officer"), org("s02"), client_uuid=client_uuid)
    assert Hazard.objects.filter(client_uuid=client_uuid).count() == 1


def test_a_replayed_submission_still_checks_who_is_reporting(org, person):
    """Replaying someone's submission id does not hand their hazard to a person who may not
    report there."""
    s01 = org("s01")
    client_uuid = uuid.uuid4()
    report(person("s01.teacher"), s01, client_uuid=client_uuid, anonymous=True)
    with pytest.raises(PermissionRefused):
        report(person("police.liaison"), s01, client_uuid=client_uuid)


def _api_report(client, school, **fields):
    data = {
        "place": "操场东北角围墙",
        "category": "structure",
        "description": "围墙有一道裂缝，雨后渗水",
        **fields,
    }
    return client.post(f"{API}/schools/{school.pk}/hazards", data)


def test_through_the_api_the_same_report_twice_creates_one_hazard(login, org):
    s01 = org("s01")
    client = login("s01.teacher")
    client_uuid = str(uuid.uuid4())
    first = _api_report(client, s01, client_uuid=client_uuid, photos=[png()])
    assert first.status_code == 201, first.content
    again = _api_report(client, s01, client_uuid=client_uuid, photos=[png()])
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert Hazard.objects.filter(client_uuid=client_uuid).count() == 1
    assert HazardEvent.objects.filter(hazard_id=first.json()["id"]).count() == 1


def test_through_the_api_an_anonymous_retry_gets_its_hazard_back(login, org):
    s01 = org("s01")
    client = login("s01.teacher")
    client_uuid = str(uuid.uuid4())
    first = _api_report(client, s01, client_uuid=client_uuid, anonymous="true")
    assert first.status_code == 201, first.content
    again = _api_report(client, s01, client_uuid=client_uuid, anonymous="true")
    assert Hazard.objects.filter(client_uuid=client_uuid).count() == 1
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    # The retry is how a lost first answer is recovered: it carries the tracking code.
    assert again.json()["tracking_code"] == first.json()["tracking_code"]
    assert Hazard.objects.get(client_uuid=client_uuid).reporter is None


# Anonymous reports ---------------------------------------------------------------------------


def _assert_no_trace(rows, user, hazard):
    traces = _traces_of(user)
    for model, found in rows.items():
        for row in found:
            text = _row_text(row)
            for trace in traces:
                assert trace not in text, f"{model.__name__} #{row.pk} names the reporter"
            for field in ("actor_id", "reporter_id", "uploaded_by_id"):
                assert getattr(row, field, None) != user.pk, f"{model.__name__} #{row.pk}"
    assert not [n for n in rows[Notification] if n.user_id == user.pk]
    assert hazard.pk in {h.pk for h in rows[Hazard]}


def test_an_anonymous_report_keeps_no_trace_of_the_teacher(org, person):
    s01, teacher = org("s01"), person("s01.teacher")
    before = _max_ids()
    hazard = report(teacher, s01, anonymous=True, photos=[png("a.png"), png("b.png")])
    hazard.refresh_from_db()
    assert hazard.anonymous
    assert hazard.reporter is None
    assert hazard.tracking_code

    [event] = HazardEvent.objects.filter(hazard=hazard)
    assert event.actor is None
    photos = list(event.photos.all())
    assert len(photos) == 2
    assert all(photo.uploaded_by is None for photo in photos)
    [audit] = AuditEvent.objects.filter(object_type="hazards.hazard", object_id=str(hazard.pk))
    assert audit.actor is None
    assert audit.actor_name == ""

    rows = _new_rows(before)
    assert rows[Notification], "the school's confirmers are told about the new hazard"
    _assert_no_trace(rows, teacher, hazard)


def test_the_anonymous_reporter_is_not_told_about_the_outcome(org, person):
    s01, teacher, officer = org("s01"), person("s01.teacher"), person("s01.officer")
    before = _max_ids()
    confirmed = report(teacher, s01, anonymous=True)
    services.confirm(actor=officer, hazard=confirmed, grade=Grade.GENERAL)
    rejected = report(teacher, s01, anonymous=True, place="二楼饮水机")
    services.reject(actor=officer, hazard=rejected, reason="已有维修单")
    rows = _new_rows(before)
    _assert_no_trace(rows, teacher, confirmed)
    assert {h.status for h in Hazard.objects.filter(pk__in=[confirmed.pk, rejected.pk])} == {
        Status.CONFIRMED,
        Status.REJECTED,
    }


def test_a_named_report_does_record_its_reporter(org, person):
    """The other side of the coin: without anonymous, the reporter is on every row."""
    s01, teacher = org("s01"), person("s01.teacher")
    hazard = report(teacher, s01, photos=[png()])
    assert hazard.reporter == teacher
    assert not hazard.anonymous
    event = HazardEvent.objects.get(hazard=hazard)
    assert event.actor == teacher
    assert event.photos.get().uploaded_by == teacher
    audit = AuditEvent.objects.get(object_type="hazards.hazard", object_id=str(hazard.pk))
    assert audit.actor == teacher


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_public_report_is_always_anonymous(anonymous, org, person):
    s01 = org("s01")
    before = _max_ids()
    hazard = report(None, s01, anonymous=anonymous, photos=[png()])
    hazard.refresh_from_db()
    assert hazard.anonymous
    assert hazard.reporter is None
    event = HazardEvent.objects.get(hazard=hazard)
    assert event.actor is None
    assert event.photos.get().uploaded_by is None
    audit = AuditEvent.objects.get(object_type="hazards.hazard", object_id=str(hazard.pk))
    assert (audit.actor, audit.actor_name) == (None, "")
    assert audit.changes["anonymous"] is True
    rows = _new_rows(before)
    assert all(row.actor_id is None for row in rows[HazardEvent] + rows[AuditEvent])


def test_through_the_api_an_anonymous_report_keeps_no_trace(login, org, person):
    s01, teacher = org("s01"), person("s01.teacher")
    before = _max_ids()
    response = _api_report(login("s01.teacher"), s01, anonymous="true", photos=[png()])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["anonymous"] is True
    assert body["tracking_code"]
    for trace in _traces_of(teacher):
        assert trace not in response.content.decode()
    hazard = Hazard.objects.get(pk=body["id"])
    assert hazard.reporter is None
    _assert_no_trace(_new_rows(before), teacher, hazard)


# A bureau's finding carries the bureau's deadline ------------------------------------------------


def test_a_finding_keeps_the_deadline_the_bureau_set(org, person):
    due = services.today() + timedelta(days=10)
    hazard = report(
        person("s01.officer"), org("s01"), source=Source.SUPERVISION, supervision_deadline=due
    )
    hazard.refresh_from_db()
    assert (hazard.source, hazard.supervision_deadline) == (Source.SUPERVISION, due)


def test_a_finding_due_in_the_past_is_refused_and_files_nothing(org, person):
    before = _max_ids()
    with pytest.raises(DomainError):
        report(
            person("s01.officer"),
            org("s01"),
            supervision_deadline=services.today() - timedelta(days=1),
        )
    assert all(rows == [] for rows in _new_rows(before).values())
