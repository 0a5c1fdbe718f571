"""Input validation for the assessment pages, by concept."""

from safecampus.assessment.forms.rounds import (
    AnswerForm,
    AppealForm,
    RoundForm,
    ScoreForm,
    SelfForm,
    VetoForm,
)
from safecampus.assessment.forms.schemes import (
    AreaForm,
    BandsForm,
    CopyForm,
    IndicatorForm,
    VetoesForm,
    VetoMatchForm,
)
from safecampus.assessment.forms.weights import WeightsForm

__all__ = [
    "AnswerForm",
    "AppealForm",
    "AreaForm",
    "BandsForm",
    "CopyForm",
    "IndicatorForm",
    "RoundForm",
    "ScoreForm",
    "SelfForm",
    "VetoForm",
    "VetoMatchForm",
    "VetoesForm",
    "WeightsForm",
]
