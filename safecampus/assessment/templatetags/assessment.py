from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value, unit="count"):
    """A metric's figure as shown: "—" where there is none (a rate with nothing to divide)."""
    if value is None:
        return "—"
    if unit == "percent":
        # A non-breaking space: "70.0 %" never breaks between the figure and its sign.
        return f"{number_format(value, 1)}\u00a0%"
    return number_format(value, 1) if isinstance(value, float) else value


@register.filter
def get(mapping, key):
    return mapping.get(key)
