"""A generated campus plan for the demo: zones laid out as blocks, their outlines as polygons."""

import io
import math

from PIL import Image, ImageDraw

from safecampus.core.models import ZoneKind

WIDTH, HEIGHT, MARGIN = 1600, 1000, 40
FILLS = {
    ZoneKind.SPORTS_GROUND: (196, 226, 184),
    ZoneKind.GATE: (230, 220, 200),
    ZoneKind.PERIMETER: (235, 235, 235),
    ZoneKind.CANTEEN: (240, 226, 210),
    ZoneKind.DORMITORY: (222, 214, 240),
    ZoneKind.LABORATORY: (214, 232, 240),
}


def _split(box, parts, horizontal):
    x0, y0, x1, y1 = box
    if horizontal:
        step = (x1 - x0) / parts
        return [(x0 + i * step, y0, x0 + (i + 1) * step, y1) for i in range(parts)]
    step = (y1 - y0) / parts
    return [(x0, y0 + i * step, x1, y0 + (i + 1) * step) for i in range(parts)]


def _inset(box, pad):
    x0, y0, x1, y1 = box
    return (x0 + pad, y0 + pad, x1 - pad, y1 - pad)


def layout(zones):
    """{zone id: (x0, y0, x1, y1)}: top-level zones in a grid, parts split inside their parent."""
    children = {}
    for zone in zones:
        children.setdefault(zone.parent_id, []).append(zone)
    boxes = {}
    top = sorted(children.get(None, []), key=lambda z: z.pk)
    cols = max(1, math.ceil(math.sqrt(len(top) * WIDTH / HEIGHT)))
    rows = max(1, math.ceil(len(top) / cols))
    cell_w = (WIDTH - 2 * MARGIN) / cols
    cell_h = (HEIGHT - 2 * MARGIN) / rows

    def place(zone, box, depth):
        boxes[zone.pk] = box
        parts = sorted(children.get(zone.pk, []), key=lambda z: z.pk)
        if parts:
            inner = _inset(box, 18 if depth == 0 else 8)
            for part, part_box in zip(
                parts, _split(inner, len(parts), depth % 2 == 1), strict=True
            ):
                place(part, _inset(part_box, 4), depth + 1)

    for index, zone in enumerate(top):
        col, row = index % cols, index // cols
        cell = (
            MARGIN + col * cell_w,
            MARGIN + row * cell_h,
            MARGIN + (col + 1) * cell_w,
            MARGIN + (row + 1) * cell_h,
        )
        place(zone, _inset(cell, 12), 0)
    return boxes


def polygon(box):
    x0, y0, x1, y1 = (round(v) for v in box)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def draw(zones):
    """PNG bytes of the plan and each zone's outline."""
    boxes = layout(zones)
    image = Image.new("RGB", (WIDTH, HEIGHT), (250, 250, 246))
    pen = ImageDraw.Draw(image)
    pen.rectangle([10, 10, WIDTH - 10, HEIGHT - 10], outline=(120, 120, 120), width=6)
    kinds = {z.pk: z.kind for z in zones}
    for zone_id, box in sorted(boxes.items()):
        fill = FILLS.get(kinds[zone_id], (228, 228, 224))
        pen.rectangle([round(v) for v in box], fill=fill, outline=(90, 90, 90), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue(), {zone_id: polygon(box) for zone_id, box in boxes.items()}
