"""The major-risk bulletin (重大风险公告栏): the school's major and significant risks with their
controls and responsible people. A page, an A4 landscape PDF for the notice board, and a
read-only full-screen display for a screen at the gate that refreshes itself."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache

from safecampus.core.roles import Cap
from safecampus.core.views.base import school_view
from safecampus.risks import levels, queries
from safecampus.risks.levels import Level
from safecampus.risks.rules import rules_for
from safecampus.risks.views.cards import (
    emergency_context,
    legend,
    level_styles,
    palette,
    pdf_response,
    risk_row,
    zone_names,
)

# The gate screen reloads its board this often (seconds).
DISPLAY_REFRESH = 300


def _bulletin(request, school):
    rules = rules_for(school)
    colours = palette(rules)
    zones = zone_names(school)
    points = queries.major_risks(user=request.user, school=school, include_significant=True)
    # The bulletin reads top-down from the worst risk, then by place.
    rows = sorted(
        (risk_row(point, colours, zones) for point in points),
        key=lambda row: (-levels.rank(row["point"].level), row["zone"], row["point"].name),
    )
    counts = [
        {**colours[str(level)], "count": sum(1 for r in rows if r["point"].level == level)}
        for level in (Level.MAJOR, Level.SIGNIFICANT)
        if level in rules.levels()
    ]
    return {
        "school": school,
        "risks": rows,
        "counts": counts,
        "styles": level_styles(colours),
        "legend": [
            c for c in legend(rules, colours) if c["level"] in (Level.MAJOR, Level.SIGNIFICANT)
        ],
        "now": timezone.localtime(),
        **emergency_context(school),
    }


@school_view(Cap.RISK_VIEW)
def bulletin(request, school):
    return render(request, "risks/bulletin.html", _bulletin(request, school))


@school_view(Cap.RISK_VIEW)
def bulletin_pdf(request, school):
    """A4 landscape for the notice board."""
    html = render_to_string("risks/bulletin_pdf.html", _bulletin(request, school), request=request)
    return pdf_response(html, request, f"major-risks-{school.code}.pdf")


@never_cache
@school_view(Cap.RISK_VIEW)
def display(request, school):
    """Full screen, large type, no navigation; bulletin-display.js fetches it again every
    DISPLAY_REFRESH seconds and swaps the board in, keeping the last one if the fetch fails."""
    context = _bulletin(request, school)
    context["refresh_seconds"] = DISPLAY_REFRESH
    return render(request, "risks/bulletin_display.html", context)
