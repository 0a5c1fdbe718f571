"""The kernel's shared toolbox: client-id replay, capability gates, running a service from a view
or the API, QR codes."""

import uuid

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from safecampus.core import qr
from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import already_saved, replayed
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require, require_any
from safecampus.core.views.base import service_call
from safecampus.hazards import services as hazard_services
from safecampus.hazards.models import Category, Hazard, Source

pytestmark = pytest.mark.django_db


def _report(actor, school, client_uuid):
    return hazard_services.report_hazard(
        actor=actor,
        school=school,
        place="Stairs",
        category=Category.OTHER,
        description="A loose tread",
        source=Source.SELF_INSPECTION,
        client_uuid=client_uuid,
    )


def test_replay_returns_the_first_row_and_creates_nothing(org, person):
    school, officer = org("s01"), person("s01.officer")
    key = uuid.uuid4()
    first = _report(officer, school, key)
    count = Hazard.objects.count()
    assert replayed(Hazard, key, school=school) == first
    assert _report(officer, school, key) == first
    assert Hazard.objects.count() == count


def test_replay_of_a_new_or_missing_id_is_none(org):
    assert replayed(Hazard, uuid.uuid4(), school=org("s01")) is None
    assert replayed(Hazard, None, school=org("s01")) is None


def test_an_id_used_elsewhere_is_refused(org, person):
    key = uuid.uuid4()
    _report(person("s01.officer"), org("s01"), key)
    with pytest.raises(DomainError):
        replayed(Hazard, key, school=org("s02"))
    # The API only asks whether to answer 200; the service refuses it after its own checks.
    assert already_saved(Hazard, key, school=org("s02")) is False
    assert already_saved(Hazard, key, school=org("s01")) is True


def test_require_and_require_any(org, person):
    school, teacher = org("s01"), person("s01.teacher")
    with pytest.raises(PermissionRefused):
        require(teacher, Cap.GATE_DESK, school)
    with pytest.raises(PermissionRefused):
        require_any(teacher, school, Cap.GATE_DESK, Cap.GATE_VIEW)
    require_any(person("s01.guard"), school, Cap.CHECK_MANAGE, Cap.GATE_DESK)


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_view_helper_turns_a_refused_permission_into_403(person):
    request, form = _request(person("s01.teacher")), _Form({})
    with pytest.raises(PermissionDenied), service_call(request, form):
        raise PermissionRefused("no")


def test_view_helper_puts_a_domain_error_on_the_form(person):
    request, form = _request(person("s01.teacher")), _Form({})
    assert form.is_valid()
    with service_call(request, form) as call:
        raise DomainError("Say where it is.")
    assert not call.ok
    assert call.error.message == "Say where it is."
    assert form.non_field_errors() == ["Say where it is."]
    assert not list(get_messages(request))


def test_view_helper_without_a_form_shows_a_message(person):
    request = _request(person("s01.teacher"))
    with service_call(request) as call:
        raise DomainError("Too late.")
    assert not call.ok
    assert [m.message for m in get_messages(request)] == ["Too late."]


def test_view_helper_lets_a_success_through(person):
    request = _request(person("s01.teacher"))
    with service_call(request) as call:
        made = 42
    assert call.ok and call.error is None and made == 42


def test_api_helper_is_404_outside_scope_and_403_without_the_capability(org, person):
    request = RequestFactory().get("/")
    request.user = person("s01.teacher")
    with pytest.raises(Http404):
        school_for(request, org("s02").pk, Cap.CHECK_RUN)
    with pytest.raises(Http404):
        school_for(request, 10**9, Cap.CHECK_RUN)
    with pytest.raises(PermissionRefused):
        school_for(request, org("s01").pk, Cap.GATE_DESK)
    assert school_for(request, org("s01").pk, Cap.CHECK_RUN) == org("s01")
    with pytest.raises(Http404):
        org_for(request, org("demo-district").pk, Cap.CHECK_VIEW)


def test_api_answers_404_for_a_school_outside_scope(login, org):
    client = login("s01.officer")
    response = client.get(f"/api/v1/schools/{org('s02').pk}/checks/today")
    assert response.status_code == 404
    response = client.get(f"/api/v1/schools/{org('s02').pk}/visits")
    assert response.status_code == 404


def test_qr_svg_is_inline_markup_and_png_is_an_image():
    markup = qr.svg("https://example.org/x", scale=4, border=2)
    assert markup.startswith("<svg") and "<?xml" not in markup
    assert qr.png("https://example.org/x", scale=4, border=2).startswith(b"\x89PNG")
    small = qr.svg("x", scale=2, border=1)
    assert len(qr.svg("x", scale=4, border=1)) >= len(small)
