"""`{% if_can %}`: the one helper templates use to show a link only to those who may follow
it."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

pytestmark = pytest.mark.django_db

TAG = "{% load safecampus %}{% if_can 'letter.view' school %}letters{% else %}none{% endif_can %}"


def _render(source, **context):
    return Template(source).render(Context(context))


def test_it_shows_the_block_to_a_holder_of_the_capability(person, org):
    assert _render(TAG, user=person("s01.officer"), school=org("s01")) == "letters"


def test_it_shows_the_else_block_to_anyone_else(person, org):
    assert _render(TAG, user=person("police.liaison"), school=org("s01")) == "none"
    assert _render(TAG, user=person("s01.teacher"), school=org("s01")) == "none"


def test_it_asks_about_the_org_it_is_given(person, org):
    assert _render(TAG, user=person("s01.officer"), school=org("s02")) == "none"


def test_any_of_several_capabilities_will_do(person, org):
    source = "{% load safecampus %}{% if_can 'patrol.view' 'patrol.run' school %}yes{% endif_can %}"
    assert _render(source, user=person("s01.guard"), school=org("s01")) == "yes"
    assert _render(source, user=person("s01.teacher"), school=org("s01")) == ""


def test_it_needs_a_capability_and_an_org():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load safecampus %}{% if_can school %}x{% endif_can %}")
