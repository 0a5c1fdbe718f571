"""Post risk cards (岗位安全风险告知卡): what the person in a post must know about its risks.

One card per post: its risks highest level first, each in its level's colour, with the possible
accidents, the controls, the emergency actions, how to report, who is responsible, and the
emergency numbers. A phone page for the person in the post and an A4 PDF for the wall
(WeasyPrint, CJK font). The colour helpers here are shared with the major-risk bulletin.
"""

import re

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import qr
from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404
from safecampus.core.models import Post
from safecampus.core.roles import Cap
from safecampus.core.views.base import school_view
from safecampus.hazards.queries import public_url
from safecampus.risks import queries
from safecampus.risks.levels import DEFAULT_COLOURS, Level
from safecampus.risks.models import AccidentType
from safecampus.risks.rules import rules_for

# The national numbers every card and bulletin carries, with the school's own duty phone.
EMERGENCY_NUMBERS = [
    ("119", pgettext_lazy("emergency number", "Fire")),
    ("120", _("Ambulance")),
    ("110", _("Police")),
]

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
UNASSESSED_COLOUR = "#9aa5a0"


def _rgb(colour):
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]


def ink(colour):
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # Contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05).
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def palette(rules):
    """Each level's label and colour by the rule set (rules_for(school)), with a readable text
    colour.

    A colour the rule set does not give (a three-level scheme) or that is not a plain hex
    colour (it goes into a style sheet) falls back to the default.
    """
    colours = rules.colours or {}
    result = {}
    for level in Level:
        colour = str(colours.get(str(level), ""))
        if not _HEX.match(colour):
            colour = DEFAULT_COLOURS[level]
        result[str(level)] = {
            "level": str(level),
            "label": level.label,
            "colour": colour,
            "ink": ink(colour),
        }
    return result


def level_styles(colours):
    """The palette as a list for the style sheet partial (classes lvl-<level>)."""
    unassessed = {"level": "none", "colour": UNASSESSED_COLOUR, "ink": ink(UNASSESSED_COLOUR)}
    return [*colours.values(), unassessed]


def legend(rules, colours):
    """The levels the rule set uses, highest first, for the card's and bulletin's legend."""
    return [colours[str(level)] for level in reversed(rules.levels())]


def zone_names(school):
    """Each zone's full path ("教学楼A › 3楼"), from one query over the school's zones."""
    return core_queries.zone_paths(school)


def accident_labels(point):
    known = dict(AccidentType.choices)
    return [known.get(value, value) for value in point.accident_types]


def risk_row(point, colours, zones):
    """A risk point as the card and the bulletin show it."""
    level = colours.get(point.level)
    latest = None
    cache = getattr(point, "_prefetched_objects_cache", {})
    if "assessments" in cache:
        found = list(point.assessments.all())
        latest = found[0] if found else None
    return {
        "point": point,
        "level": point.level or "none",
        "label": level["label"] if level else _("Not assessed yet"),
        "colour": level["colour"] if level else UNASSESSED_COLOUR,
        "zone": zones.get(point.zone_id, str(point.zone)),
        "accidents": accident_labels(point),
        "latest": latest,
    }


def emergency_context(school):
    return {"emergency_numbers": EMERGENCY_NUMBERS, "school_phone": school.emergency_phone}


def pdf_response(html, request, filename):
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@school_view(Cap.RISK_VIEW)
def card_list(request, school):
    """The school's posts, each with its number of risks and the highest level among them."""
    posts = core_queries.posts(user=request.user, school=school)
    by_post = queries.post_levels(user=request.user, school=school)
    holders = {post.pk: [a.user for a in post.holders] for post in posts}
    colours = palette(rules_for(school))
    rows = [
        {
            "post": post,
            "count": by_post.get(post.pk, (0, ""))[0],
            "highest": colours.get(by_post.get(post.pk, (0, ""))[1]),
            "holders": sorted(holders.get(post.pk, []), key=str),
            "mine": any(u.pk == request.user.pk for u in holders.get(post.pk, [])),
        }
        for post in posts
    ]
    # The viewer's own posts first: that is the card they came for.
    rows.sort(key=lambda row: not row["mine"])
    return render(
        request,
        "risks/cards.html",
        {"school": school, "rows": rows, "styles": level_styles(colours)},
    )


def _card(request, school, post_id):
    post = get_visible_or_404(
        request.user, Post, post_id, queryset=core_queries.posts(user=request.user, school=school)
    )
    rules = rules_for(school)
    colours = palette(rules)
    zones = zone_names(school)
    risks = [risk_row(point, colours, zones) for point in queries.post_risks(post)]
    holders = sorted((a.user for a in post.holders), key=str)
    responsible = {}
    for row in risks:
        person = row["point"].responsible
        responsible.setdefault(person.pk, {"person": person, "risks": []})["risks"].append(
            row["point"].name
        )
    return {
        "school": school,
        "post": post,
        "risks": risks,
        "holders": holders,
        "responsible": list(responsible.values()),
        "styles": level_styles(colours),
        "legend": legend(rules, colours),
        "today": timezone.localdate(),
        **emergency_context(school),
    }


@school_view(Cap.RISK_VIEW)
def card_detail(request, school, post_id):
    """The card on a phone: what the person in the post sees."""
    return render(request, "risks/card.html", _card(request, school, post_id))


@school_view(Cap.RISK_VIEW)
def card_pdf(request, school, post_id):
    """The card as an A4 portrait PDF for the wall, with a QR code to the public report page."""
    context = _card(request, school, post_id)
    report_url = public_url(school)
    context.update(report_url=report_url, qr_svg=qr.svg(report_url, scale=4, border=1))
    html = render_to_string("risks/card_pdf.html", context, request=request)
    return pdf_response(html, request, f"risk-card-{school.code}-{post_id}.pdf")
