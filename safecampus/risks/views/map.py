"""The four-colour campus risk map (四色分布图): the page, the drawing page, the SVG and the PDF.

One template (risks/map_svg.html) draws the map for the page, the .svg download and the A3 PDF.
The plan image is embedded in the SVG as a data: URI, so the map needs no other request.
"""

import base64
import json
import logging

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.models import Zone
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import school_view, service_call
from safecampus.risks import queries, services
from safecampus.risks.levels import Level

NO_LEVEL_COLOUR = "#dddddd"
# Without a plan the map is an empty canvas of this size, so the page still shows the zones.
EMPTY_SIZE = (1200, 800)

log = logging.getLogger(__name__)


def _data_uri(plan):
    """The plan image as a data: URI (img-src allows data:; attachments stay unexposed)."""
    try:
        with plan.image.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        log.warning("campus plan image of %s cannot be read: %s", plan.school_id, plan.image.file)
        return ""
    return f"data:{plan.image.content_type};base64,{base64.b64encode(data).decode('ascii')}"


def _label_position(points):
    """The polygon's centroid (area-weighted); the mean of its points if it has no area."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return (
            sum(p[0] for p in points) / len(points),
            sum(p[1] for p in points) / len(points),
        )
    return cx / (3 * area), cy / (3 * area)


def _drawn_ancestor(tree, pk, drawn):
    node = tree[pk][0]
    while node is not None and node not in drawn:
        node = tree[node][0]
    return node


def _ring(points):
    return "M" + " L".join(f"{_number(x)},{_number(y)}" for x, y in points) + " Z"


def _shapes(rows, tree, paths, font):
    """The drawn zones, parents before the zones drawn inside them. A parent's fill leaves out
    its drawn children (even-odd holes), so every spot of the plan shows one level's colour
    and a low-risk room inside a major-risk building is not tinted by the building's red."""
    drawn = {row["id"] for row in rows}
    holes = {}
    for row in rows:
        holes.setdefault(_drawn_ancestor(tree, row["id"], drawn), []).append(row["points"])
    zones = []
    for row in rows:
        points = row["points"]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if row["id"] in holes:
            # Its children carry their own labels inside: this one goes above (or below) it.
            x = (min(xs) + max(xs)) / 2
            y = min(ys) - font * 0.45 if min(ys) > font * 1.3 else max(ys) + font * 1.15
        else:
            x, y = _label_position(points)
            y += font * 0.35
        depth, node = 0, tree[row["id"]][0]
        while node is not None:
            depth, node = depth + 1, tree[node][0]
        zones.append(
            {
                **row,
                "path": paths[row["id"]],
                "d": " ".join(_ring(ring) for ring in [points, *holes.get(row["id"], [])]),
                "label_x": _number(x),
                "label_y": _number(y),
                "depth": depth,
            }
        )
    zones.sort(key=lambda z: (z["depth"], z["path"]))
    return zones


def _text_width(text, size):
    """A rough width for laying out the legend: CJK characters are square, others narrower."""
    return sum(size if ord(char) >= 0x2E80 else size * 0.6 for char in text)


def _number(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def map_context(user, school):
    """Everything the map templates need: plan, zones with outline and colour, legend, gaps."""
    data = queries.map_data(school)
    plan = queries.campus_plan(user=user, school=school)
    width, height = (plan.width, plan.height) if plan else EMPTY_SIZE
    font = max(12, round(min(width, height) / 42))
    tree = core_queries.zone_index(school)
    paths = core_queries.zone_paths(school)
    zones = _shapes(data["zones"], tree, paths, font)
    # A zone without outline whose parent (or grandparent...) is drawn is shown in that outline;
    # the others are not on the map at all. Both are listed: nothing is silently missing.
    drawn = {z["id"] for z in zones}
    missing, inside = [], []
    for row in data["missing"]:
        row["path"] = paths[row["id"]]
        (inside if _drawn_ancestor(tree, row["id"], drawn) else missing).append(row)
    missing.sort(key=lambda row: row["path"])
    inside.sort(key=lambda row: row["path"])
    legend = [
        {"level": level, "label": Level(level).label, "colour": data["colours"].get(level)}
        for level in reversed(data["levels"])
    ]
    legend.append({"level": "", "label": _("No assessed risk"), "colour": NO_LEVEL_COLOUR})
    # The .svg download carries its own caption band: title, date and legend under the plan.
    band = round(font * 4.2)
    x = font
    for item in legend:
        item["x"], item["text_x"] = x, x + round(font * 1.4)
        x = item["text_x"] + round(_text_width(str(item["label"]), font) + font * 1.5)
    return {
        "school": school,
        "plan": plan,
        "image_uri": _data_uri(plan) if plan else "",
        "width": width,
        "height": height,
        "font_size": font,
        "stroke_width": max(2, round(font / 6)),
        "zones": zones,
        "missing": missing,
        "inside": inside,
        "legend": legend,
        "band": band,
        "band_height": height + band,
        "band_title_y": height + round(font * 1.5),
        "band_legend_y": height + round(font * 3.2),
        "band_swatch_y": height + round(font * 3.2) - round(font * 0.85),
        "swatch": round(font * 0.9),
        "today": timezone.localdate(),
    }


def _svg(request, context, *, standalone):
    return render_to_string(
        "risks/map_svg.html", {**context, "standalone": standalone}, request=request
    )


@school_view(Cap.RISK_VIEW)
@require_GET
def map_view(request, school):
    context = map_context(request.user, school)
    context["svg"] = _svg(request, context, standalone=False)
    context["can_manage"] = has_cap(request.user, Cap.RISK_MANAGE, school)
    return render(request, "risks/map.html", context)


@school_view(Cap.RISK_VIEW)
@require_GET
def map_svg(request, school):
    svg = _svg(request, map_context(request.user, school), standalone=True)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="risk-map-{school.code}.svg"'
    return response


@school_view(Cap.RISK_VIEW)
@require_GET
def map_pdf(request, school):
    """The map on one A3 landscape sheet for printing (WeasyPrint, CJK font)."""
    from weasyprint import HTML

    context = map_context(request.user, school)
    context["svg"] = _svg(request, context, standalone=False)
    html = render_to_string("risks/map_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="risk-map-{school.code}.pdf"'
    return response


@school_view(Cap.RISK_MANAGE)
@require_GET
def map_edit(request, school):
    context = map_context(request.user, school)
    rows = [*context["zones"], *context["missing"], *context["inside"]]
    zones = [
        {
            "id": row["id"],
            "name": row["path"],
            "points": row["points"] or [],
            "colour": row["colour"],
            "level": row["level_label"],
            "url": reverse("risks:zone_shape", args=[school.pk, row["id"]]),
        }
        for row in sorted(rows, key=lambda row: row["path"])
    ]
    context["editor"] = {
        "width": context["width"],
        "height": context["height"],
        "zones": zones,
        "messages": {
            "saved": _("Outline saved."),
            "deleted": _("Outline removed."),
            "failed": _("The outline was not saved."),
            "pick": _("Choose a zone first."),
            "unsaved": _("This zone's outline has unsaved changes. Discard them?"),
        },
    }
    return render(request, "risks/map_edit.html", context)


@school_view(Cap.RISK_MANAGE)
@require_POST
def plan_upload(request, school):
    upload = request.FILES.get("image")
    target = redirect("risks:map_edit", school.pk)
    if upload is None:
        messages.error(request, _("Choose an image of the campus plan."))
        return target
    with service_call(request) as call, atomic_with_files():
        _plan_row, scaled = services.set_campus_plan(
            actor=request.user, school=school, upload=upload
        )
    if not call.ok:
        return target
    if scaled:
        messages.warning(
            request,
            ngettext(
                "The campus plan was replaced. %(n)d outline was scaled to the new image's "
                "size: check that it still fits.",
                "The campus plan was replaced. %(n)d outlines were scaled to the new image's "
                "size: check that they still fit.",
                scaled,
            )
            % {"n": scaled},
        )
    else:
        messages.success(request, _("The campus plan was saved. Now draw the zones on it."))
    return target


def _refuse(message):
    return JsonResponse({"detail": message}, status=400)


@school_view(Cap.RISK_MANAGE)
@require_POST
def zone_shape_save(request, school, zone_id):
    zones = core_queries.school_zones(user=request.user, school=school)
    zone = get_visible_or_404(request.user, Zone, zone_id, zones)
    plan = queries.campus_plan(user=request.user, school=school)
    if plan is None:
        return _refuse(_("Upload the campus plan first."))
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    raw = body.get("points") if isinstance(body, dict) else None
    with service_call(request, show=False) as call:
        points = services.save_zone_outline(actor=request.user, zone=zone, plan=plan, raw=raw)
    if not call.ok:
        return _refuse(call.error.message)
    return JsonResponse({"ok": True, "points": points})
