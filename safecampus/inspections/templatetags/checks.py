"""Template filters of checks: a number in its unit, as the ledger writes it."""

from django import template

from safecampus.inspections.failures import quantity as _quantity

register = template.Library()


@register.filter
def quantity(number, unit):
    """{{ result.number|quantity:result.item.unit }}: "2 人", "8.5 ℃"."""
    return _quantity(number, unit)
