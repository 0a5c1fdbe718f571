"""The emergencies' items of the school's safety calendar: each window in which the bureau's
rules ask for a drill (a term, a quarter or a month of the terms, as drill compliance cuts
them), and the drills planned."""

from django.urls import reverse
from django.utils.translation import gettext as _

from safecampus.core.models import Term
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import Item, Kind
from safecampus.emergencies.compliance import effective_terms, windows_of
from safecampus.emergencies.models import Drill, DrillPeriod, DrillStatus
from safecampus.emergencies.rules import drill_period, rules_for


def calendar_items(school, start, end):
    chain = school.ancestor_ids()
    rules = rules_for(school)
    period = drill_period(rules, school)
    terms = effective_terms(
        chain, Term.objects.filter(org_id__in=chain, start__lte=end, end__gte=start)
    )
    drills = list(
        Drill.objects.filter(school=school, planned_on__gte=start, planned_on__lte=end).order_by(
            "planned_on", "pk"
        )
    )
    url = reverse("emergencies:drills", args=[school.pk])
    for window in windows_of(terms, period):
        if window.end < start or window.start > end:
            continue
        held = [
            d.planned_on
            for d in drills
            if d.status == DrillStatus.DONE and window.start <= d.planned_on <= window.end
        ]
        title = _("An evacuation drill is due by %(end)s (%(rule)s)") % {
            "end": window.end.isoformat(),
            "rule": DrillPeriod(period).label,
        }
        if held:
            title += " · " + _("held on %(day)s") % {"day": held[0].isoformat()}
        yield Item(
            f"drill-window:{window.start}",
            window.start,
            window.start,
            title,
            Kind.DRILL,
            source=str(rules.source),
            url=url,
            cap=Cap.DRILL_VIEW,
            # A window with a drill held needs no reminder.
            lead_days=0 if held else None,
            school_day=True,
        )
    for drill in drills:
        if drill.status == DrillStatus.PLANNED:
            yield Item(
                f"drill:{drill.pk}",
                drill.planned_on,
                drill.planned_on,
                _("Drill planned: %(kind)s") % {"kind": drill.get_kind_display()},
                Kind.DRILL,
                url=reverse("emergencies:drill", args=[school.pk, drill.pk]),
                cap=Cap.DRILL_VIEW,
            )
