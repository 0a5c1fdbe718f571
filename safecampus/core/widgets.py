"""Widgets that write their HTML in Python.

Django renders a <select> through one template include per option: a picker of 150 people costs
about 10 ms of a page. `QuickSelect` writes the very same markup as Django's select.html,
select_option.html and attrs.html (tests/core/test_widgets.py compares them) without a
template per option.

`QuickRenderer` does the same for the plain inputs and the textarea, which every form has: each
costs two template renders (the input and its attrs.html), about half a millisecond a field.
"""

import html

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime


def _text(value):
    """A value as `{{ value }}` writes it in a template with autoescape on. A plain str (most
    labels) is only escaped: localization leaves it as it is."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(localize(template_localtime(value)))


def _value(value):
    """An option's value as conditional_escape writes it; a plain int or str the short way."""
    if type(value) is int:
        return str(value)
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


class QuickSelect(forms.Select):
    """A forms.Select whose markup is written in Python, identical to the template's."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{_value(option["value"])}"'
                    f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))


def _formatted(value):
    """As `{{ value|stringformat:'s' }}` in attrs.html and input.html: the filter keeps a safe
    value safe, anything else is escaped."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs):
    """As django/forms/widgets/attrs.html, for every widget written here."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}")
        if value is not True:
            parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget):
    """As django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget):
    """As django/forms/widgets/textarea.html."""
    value = _text(widget["value"]) if widget["value"] else ""
    attrs = _attrs(widget["attrs"])
    return f'<textarea name="{_text(widget["name"])}"{attrs}>\n{value}</textarea>'


# Django's templates that only include input.html, and the textarea's.
WRITERS = {
    f"django/forms/widgets/{name}.html": _input
    for name in (
        "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number",
        "password", "search", "tel", "text", "time", "url",
    )
}  # fmt: skip
WRITERS["django/forms/widgets/textarea.html"] = _textarea


class QuickRenderer(DjangoTemplates):
    """Django's form renderer, with the inputs and the textarea written in Python, the same
    markup as their templates (tests/core/test_widgets.py compares them)."""

    def render(self, template_name, context, request=None):
        write = WRITERS.get(template_name)
        if write is None:
            return super().render(template_name, context, request=request)
        return write(context["widget"])
