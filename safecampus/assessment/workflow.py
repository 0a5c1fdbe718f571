"""The assessment's workflows as tables: (state, action) → (next state, who may act).

A round is drafted by the bureau, opened for the schools' self-assessment, scored by the
bureau's inspectors (vetoes applied there), published to the schools with an appeal window,
then closed. An appeal is answered once by the bureau (which may re-score the sheet first).
The checks of each step (the self-assessment's due date, the appeal window, every indicator
scored before publishing, no open appeal before closing) stay in the services.
"""

from django.utils.translation import gettext_lazy

from safecampus.assessment.models import AppealStatus, RoundStatus
from safecampus.core.roles import Cap
from safecampus.core.workflow import Workflow

ROUND = Workflow(
    {
        (RoundStatus.DRAFT, "open"): (RoundStatus.SELF_ASSESSMENT, Cap.ASSESSMENT_MANAGE),
        (RoundStatus.SELF_ASSESSMENT, "self_assess"): (
            RoundStatus.SELF_ASSESSMENT,
            Cap.ASSESSMENT_SELF,
        ),
        (RoundStatus.SELF_ASSESSMENT, "submit"): (RoundStatus.SELF_ASSESSMENT, Cap.ASSESSMENT_SELF),
        (RoundStatus.SELF_ASSESSMENT, "start_scoring"): (
            RoundStatus.SCORING,
            Cap.ASSESSMENT_MANAGE,
        ),
        (RoundStatus.SCORING, "score"): (RoundStatus.SCORING, Cap.ASSESSMENT_SCORE),
        (RoundStatus.SCORING, "veto"): (RoundStatus.SCORING, Cap.ASSESSMENT_SCORE),
        (RoundStatus.SCORING, "publish"): (RoundStatus.PUBLISHED, Cap.ASSESSMENT_MANAGE),
        (RoundStatus.PUBLISHED, "appeal"): (RoundStatus.PUBLISHED, Cap.ASSESSMENT_SELF),
        (RoundStatus.PUBLISHED, "rescore"): (RoundStatus.PUBLISHED, Cap.ASSESSMENT_MANAGE),
        (RoundStatus.PUBLISHED, "close"): (RoundStatus.CLOSED, Cap.ASSESSMENT_MANAGE),
    },
    states=RoundStatus,
    refused={
        "open": gettext_lazy("Only a draft round can be opened to the schools."),
        "self_assess": gettext_lazy("Self-assessment is closed in this round."),
        "submit": gettext_lazy("Self-assessment is closed in this round."),
        "start_scoring": gettext_lazy("Scoring starts once the round is open to the schools."),
        "score": gettext_lazy("Points are given only while the round is being scored."),
        "veto": gettext_lazy("A veto is applied only while the round is being scored."),
        "publish": gettext_lazy("Only a round being scored can be published."),
        "appeal": gettext_lazy("Appeals are taken only while the results are published."),
        "rescore": gettext_lazy("A published sheet is re-scored only in answer to an appeal."),
        "close": gettext_lazy("Only a published round can be closed."),
    },
)

APPEAL = Workflow(
    {(AppealStatus.OPEN, "answer"): (AppealStatus.ANSWERED, Cap.ASSESSMENT_MANAGE)},
    states=AppealStatus,
    refused={"answer": gettext_lazy("This appeal was already answered.")},
)
