from django import template

from safecampus.risks import levels
from safecampus.risks.models import AccidentType

register = template.Library()


@register.filter
def risk_class(level):
    return f"risk-{level}" if level else "risk-none"


@register.filter
def accident_labels(values):
    labels = dict(AccidentType.choices)
    return "、".join(str(labels.get(v, v)) for v in values or [])


@register.filter
def plain(value):
    return "" if value is None else levels.plain(value)
