"""How a failed checklist item reads in the hazard ledger: as a problem, with what was expected.

An item's text is its pass wording ("访客登记本/系统可用"); copied as is into the ledger it reads
as if all were well. A failure says "不合格：…", and a number out of range says what it was and
what it should have been, in the item's unit.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from safecampus.inspections.models import ItemKind

# Units of things that are counted, not measured: their numbers are whole. A school writes its
# own units, so this names the common ones in the three languages rather than a closed list.
COUNT_UNITS = frozenset(
    {"人", "名", "个", "個", "具", "台", "辆", "輛", "次", "件", "套", "处", "處", "只", "把"}
    | {"间", "間", "people", "persons", "person", "pcs", "pieces", "units", "times"}
)


def is_count(unit):
    return (unit or "").strip().lower() in COUNT_UNITS


def plain_number(number, unit=""):
    """The number as a person writes it: whole for counts, else without trailing zeros."""
    if number is None:
        return ""
    number = Decimal(number)
    if is_count(unit):
        number = number.quantize(Decimal(1))
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "") else text


def quantity(number, unit=""):
    """A number with its unit, e.g. "1 人", "8.5 ℃"."""
    return f"{plain_number(number, unit)} {unit}".strip() if number is not None else ""


def failure_text(item, number=None):
    """The one line that says what failed: the item as a problem, with the expected value."""
    if item.kind == ItemKind.NUMBER and number is not None:
        low, high = item.min_value, item.max_value
        given = {"item": item.text, "value": quantity(number, item.unit)}
        if low is not None and number < low:
            return _("%(item)s %(value)s, should be at least %(limit)s") % {
                **given,
                "limit": quantity(low, item.unit),
            }
        if high is not None and number > high:
            return _("%(item)s %(value)s, should be at most %(limit)s") % {
                **given,
                "limit": quantity(high, item.unit),
            }
    return _("Failed: %(item)s") % {"item": item.text}
