"""QuickSelect writes the same markup as Django's template-rendered Select, option for option;
QuickRenderer the same inputs and textareas as Django's templates."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from safecampus.core.models import Zone
from safecampus.core.widgets import QuickRenderer, QuickSelect

CHOICES = [
    ("", _("Any status")),
    ("a&b", 'quote " and <tag>'),
    (3, 12345),
    (4, datetime.date(2026, 3, 1)),
    ("safe", mark_safe("<b>safe</b>")),
    (_("Group"), [("g1", "一"), ("g2", _("Anyone"))]),
]
ATTRS = [
    {},
    {"class": "form-select", "id": "id_x"},
    {"class": "form-select", "required": True, "disabled": False, "data-n": 5, "title": 'a"b'},
]
VALUES = [None, "", "a&b", 3, "3", "g2", ["a&b", "g1"], "missing"]


def _pair(choices, allow_multiple=False):
    plain, quick = forms.Select(choices=choices), QuickSelect(choices=choices)
    plain.allow_multiple_selected = quick.allow_multiple_selected = allow_multiple
    return plain, quick


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_quick_select_writes_what_the_template_writes(language, attrs, value):
    with translation.override(language):
        for multiple in (False, True):
            plain, quick = _pair(CHOICES, multiple)
            assert quick.render("f<x>", value, attrs) == plain.render("f<x>", value, attrs)


def test_quick_select_without_choices():
    plain, quick = _pair([])
    assert quick.render("empty", None) == plain.render("empty", None)


@pytest.mark.django_db
def test_quick_select_in_a_model_choice_field(org):
    school = org("s01")
    field = forms.ModelChoiceField(queryset=Zone.objects.filter(school=school), required=False)
    zone = Zone.objects.filter(school=school).first()
    plain = forms.Form()
    plain.fields["zone"] = field
    quick = forms.Form(initial={"zone": zone.pk})
    quick.fields["zone"] = forms.ModelChoiceField(
        queryset=Zone.objects.filter(school=school), required=False, widget=QuickSelect
    )
    plain.initial = {"zone": zone.pk}
    assert zone.path_name in str(quick["zone"])
    assert str(quick["zone"]) == str(plain["zone"])


INPUT_VALUES = [None, "", "a&b", 'quote " and <tag>', mark_safe("<b>safe</b>"), 12345, 1.5,
                datetime.date(2026, 3, 1), _("Anyone"), "一\n二"]  # fmt: skip
INPUT_ATTRS = [
    {},
    {"class": "form-control", "id": "id_x", "required": True, "disabled": False},
    {"placeholder": _("e.g. east stairwell, 3rd floor"), "rows": 3, "data-x": mark_safe("<i>")},
]
WIDGETS = [
    forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.PasswordInput,
    forms.HiddenInput, forms.DateInput, forms.TimeInput, forms.DateTimeInput, forms.CheckboxInput,
    forms.Textarea, forms.FileInput, forms.ColorInput, forms.SearchInput, forms.TelInput,
]  # fmt: skip


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("attrs", INPUT_ATTRS)
@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.__name__)
def test_quick_renderer_writes_what_the_templates_write(language, attrs, widget):
    plain, quick = DjangoTemplates(), QuickRenderer()
    with translation.override(language):
        for value in INPUT_VALUES:
            w = widget(attrs=dict(attrs))
            assert w.render("f<x>", value, renderer=quick) == w.render(
                "f<x>", value, renderer=plain
            )


def test_quick_renderer_leaves_other_templates_to_django():
    plain, quick = DjangoTemplates(), QuickRenderer()
    w = forms.ClearableFileInput()
    assert w.render("f", None, renderer=quick) == w.render("f", None, renderer=plain)
    form = forms.Form()
    assert form.render(renderer=quick) == form.render(renderer=plain)
