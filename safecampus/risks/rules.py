"""The risk rule set that applies to a school: the nearest bureau's, or the built-in default."""

from django.utils.translation import gettext_lazy as _

from safecampus.risks.levels import (
    DEFAULT_COLOURS,
    DEFAULT_LEC_BANDS,
    DEFAULT_MATRIX_BANDS,
    Level,
)
from safecampus.risks.models import RiskRuleSet

DEFAULT = RiskRuleSet(
    name=_("Four levels (LEC 320/160/70, matrix 20/9/4)"),
    source=_("Common practice after 国务院安委办〔2016〕11号; not a national rule (rules.md §2)"),
    lec_bands=[[lower, str(level)] for lower, level in DEFAULT_LEC_BANDS],
    matrix_bands=[[lower, str(level)] for lower, level in DEFAULT_MATRIX_BANDS],
    colours={str(k): v for k, v in DEFAULT_COLOURS.items()},
    review_months=12,
)

# A three-level scheme as some cities use (Ⅰ red, Ⅱ yellow, Ⅲ blue; rules.md §2, local).
THREE_LEVELS = {
    "name": "Three levels (red, yellow, blue)",
    "lec_bands": [[160, Level.MAJOR], [70, Level.GENERAL], [0, Level.LOW]],
    "matrix_bands": [[15, Level.MAJOR], [6, Level.GENERAL], [0, Level.LOW]],
}


def rules_for(school):
    ids = school.ancestor_ids()
    found = {r.org_id: r for r in RiskRuleSet.objects.filter(org_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in found:
            return found[org_id]
    return DEFAULT
