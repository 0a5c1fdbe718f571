"""A bureau's view of emergencies: live and past alarms, unread reports, drill compliance."""

from django.shortcuts import render

from safecampus.core.access import has_cap, visible_schools
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate
from safecampus.emergencies import compliance, queries
from safecampus.emergencies.models import AlarmStatus


@org_view(Cap.ALARM_VIEW)
def overview(request, org):
    alarms = queries.alarms(user=request.user, bureau=org)
    schools = paginate(
        request,
        visible_schools(request.user).filter(path__startswith=org.path).order_by("name", "pk"),
    )
    rows = compliance.for_schools(schools) if has_cap(request.user, Cap.DRILL_VIEW, org) else []
    return render(
        request,
        "emergencies/overview.html",
        {
            "org": org,
            "active": list(alarms.filter(status=AlarmStatus.ACTIVE)[:20]),
            "recent": alarms[:20],
            "counts": queries.alarm_counts(user=request.user, bureau=org),
            "unread": queries.unread_reports(user=request.user, bureau=org)[:20]
            if has_cap(request.user, Cap.INCIDENT_RECEIVE, org)
            else [],
            "incidents": queries.incidents(user=request.user, bureau=org)[:10],
            "schools": schools,
            "compliance": rows,
            "behind": sum(1 for row in rows if row.behind),
            "can_rules": has_cap(request.user, Cap.EMERGENCY_RULES, org),
        },
    )
