"""QR codes for pages, printed cards and labels (segno draws them; error correction M survives a
scuffed sticker). Each caller passes its own scale and border, which set the printed size.
segno is imported when a code is drawn: few requests draw one, and it holds 2.5 MB of every
worker otherwise."""

import io

from django.utils.safestring import mark_safe


def svg(text, *, scale, border):
    """Inline SVG markup, safe to put in a template: segno writes it, the text is only encoded."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=scale, border=border, xmldecl=False)
    return mark_safe(out.getvalue().decode())


def png(text, *, scale, border):
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=border)
    return out.getvalue()
