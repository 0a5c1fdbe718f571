"""Draw the app's home-screen icons (the favicon's shield) as PNGs, with no download.

Run `python tools/make_icons.py` after changing the shield; the PNGs are committed because
phones ask for PNG icons and the build has no drawing step of its own.
"""

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (11, 94, 74, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "safecampus" / "static" / "img" / "icons"

# The favicon's two paths in its 16-unit box: the shield, then the tick.
SHIELD = [
    (8, 0),
    (1.5, 2.5),
    (1.5, 7.5),
    (2.6, 11.6),
    (5, 14.6),
    (8, 16),
    (11, 14.6),
    (13.4, 11.6),
    (14.5, 7.5),
    (14.5, 2.5),
]
TICK = [(6.9, 10.6), (4.4, 8.1), (5.4, 7.1), (6.9, 8.6), (10.6, 4.9), (11.6, 5.9)]


def draw(size, *, inset, background):
    """`inset`: the share of the side left around the shield (maskable icons need ~20 %)."""
    scale = 4  # drawn large, then shrunk: smooth edges without an anti-aliasing library
    big = size * scale
    image = Image.new("RGBA", (big, big), GREEN if background else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    box = big * (1 - 2 * inset)
    unit = box / 16
    left = (big - box) / 2

    def place(points):
        return [(left + x * unit, left + y * unit) for x, y in points]

    pen.polygon(place(SHIELD), fill=WHITE if background else GREEN)
    pen.polygon(place(TICK), fill=GREEN if background else WHITE)
    return image.resize((size, size), Image.LANCZOS)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, inset=0.12, background=True).save(OUT / "icon-192.png", optimize=True)
    draw(512, inset=0.12, background=True).save(OUT / "icon-512.png", optimize=True)
    draw(512, inset=0.22, background=True).save(OUT / "maskable-512.png", optimize=True)
    # iOS draws no background of its own under a transparent icon: it must be opaque.
    draw(180, inset=0.12, background=True).convert("RGB").save(
        OUT / "apple-touch-icon.png", optimize=True
    )


if __name__ == "__main__":
    main()
