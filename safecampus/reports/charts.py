"""Charts of a summary as PNG images (matplotlib, drawn off-screen), with a CJK font so that
Chinese labels are not empty boxes."""

import io
from functools import cache

# Debian's fonts-noto-cjk, which `make` installs for the PDFs; any CJK face found will do.
CJK_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Regular.otf", "NotoSerifCJK-Regular.ttc")


@cache
def _family():
    from matplotlib import font_manager

    for path in font_manager.findSystemFonts():
        if path.rsplit("/", 1)[-1] in CJK_FILES:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def monthly_bars(title, months):
    """Grouped bars, one group per month: `months` is [(first day, {series label: n})]."""
    # Imported here, not with the module: matplotlib takes seconds to import, and every process
    # that loads the URLs (each server, worker and manage.py) would pay it for a rare summary.
    # A Figure made directly (not through pyplot) draws with the Agg canvas and needs no display.
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    family = _family()
    figure = Figure(figsize=(7, 2.8), dpi=150)
    axes = figure.subplots()
    labels = [f"{day:%Y-%m}" for day, _values in months]
    series = list(months[0][1]) if months else []
    width = 0.8 / max(len(series), 1)
    for index, name in enumerate(series):
        xs = [i + index * width for i in range(len(months))]
        axes.bar(xs, [values[name] for _day, values in months], width, label=name)
    axes.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(months))], labels)
    axes.tick_params(axis="x", labelsize=7)
    # Counts: no tick at 2.5 hazards.
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(title, fontfamily=family)
    axes.legend(prop={"family": family} if family else None, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    out.seek(0)
    return out
