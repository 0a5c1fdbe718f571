"""The assessment's items of the school's safety calendar: the self-assessment due and the last
day for appeals of each round the school is in."""

from django.utils.translation import gettext as _

from safecampus.assessment.models import RoundSchool, RoundStatus
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import Item, Kind


def calendar_items(school, start, end):
    sheets = (
        RoundSchool.objects.filter(school=school)
        .exclude(round__status=RoundStatus.DRAFT)
        .select_related("round")
        .order_by("round__self_due", "pk")
    )
    for sheet in sheets:
        round_ = sheet.round
        if start <= round_.self_due <= end:
            yield Item(
                f"assessment-self:{round_.pk}",
                round_.self_due,
                round_.self_due,
                _("%(round)s: self-assessment due") % {"round": round_.title},
                Kind.ASSESSMENT,
                url=sheet.get_absolute_url(),
                cap=Cap.ASSESSMENT_VIEW,
                # Handed in already: nothing to remind.
                lead_days=0 if sheet.submitted_at else None,
            )
        if round_.appeal_until and start <= round_.appeal_until <= end:
            yield Item(
                f"assessment-appeal:{round_.pk}",
                round_.appeal_until,
                round_.appeal_until,
                _("%(round)s: last day for appeals") % {"round": round_.title},
                Kind.ASSESSMENT,
                url=sheet.get_absolute_url(),
                cap=Cap.ASSESSMENT_VIEW,
                lead_days=0,
            )
