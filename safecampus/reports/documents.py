"""The safety summary as an editable Word document, every figure filled in from the records.

The chapters are core's (`core.reporting.CHAPTERS`, the sections schools write under); each
module's part states its metrics, its breakdowns as tables, its monthly trend as a chart and,
in a school's summary, its detail tables. A bureau's summary states totals over its schools
(for a rate, the median and the range) and ends with a table of every school. Each chapter
leaves room for the officer's own words. Reads cost one query per metric whatever the number
of schools; nothing here loops over schools with a query. python-docx is imported where a
document is written (see core.docx).
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from safecampus.core import metrics
from safecampus.core.docx import document, heading, table, to_bytes
from safecampus.core.models import Org
from safecampus.core.reporting import CHAPTERS, REPORT_KINDS, Table, parts_in
from safecampus.reports import charts

# The bureau's table of schools states at most this many figures a school: a Word page is
# narrow, and the xlsx ledgers hold the rest.
SCHOOL_TABLE_COLUMNS = 6
# A trend is drawn month by month; a period longer than this is drawn for its last months.
TREND_MONTHS = 12


@dataclass
class PartFigures:
    title: str
    figures: list = field(default_factory=list)  # [(label, text)]
    tables: list = field(default_factory=list)  # [core.reporting.Table]
    trend: list = field(default_factory=list)  # [(month, {label: n})]


def schools_of(org):
    return Org.objects.schools().under(org)


def _percent(value):
    return "—" if value is None else f"{value:g}%"


def _count(value):
    return "—" if value is None else str(value)


def _text(metric, value):
    return _percent(value) if metric.unit == "percent" else _count(value)


def _label(metric, period):
    """A snapshot is of the day the summary is written, not of the period: say so."""
    if metric.per_period:
        return str(metric.label)
    return _("%(figure)s (on %(day)s)") % {
        "figure": metric.label,
        "day": date_format(timezone.localdate(), "Y-m-d"),
    }


def district_value(metric, per_school):
    """A count is summed over the schools; a rate is the median, with the range beside it."""
    numbers = [v for v in per_school.values() if v is not None]
    if metric.unit == "count":
        return str(sum(numbers))
    if not numbers:
        return "—"
    return _("median %(median)s (from %(low)s to %(high)s)") % {
        "median": _percent(metrics.median(numbers)),
        "low": _percent(min(numbers)),
        "high": _percent(max(numbers)),
    }


def _months(period):
    found = metrics.months(period.end, TREND_MONTHS)
    return [m for m in found if m.end >= period.start]


def part_figures(part, org, schools, period, *, one_school):
    """What one part states for `org` over `period`: read here, written by `write`, and
    compared with the database by the tests."""
    out = PartFigures(str(part.title))
    if part.metrics:
        found = metrics.table(part.metrics, schools, period)
        for key in part.metrics:
            metric = metrics.get(key)
            per_school = found[key]
            if one_school:
                value = _text(metric, per_school.get(org.pk, metric.empty))
            else:
                value = district_value(metric, per_school)
            out.figures.append((_label(metric, period), value))
    for key in part.breakdowns:
        item = metrics.BREAKDOWNS[key]
        rows = [(label, n) for _value, label, n in metrics.breakdown(key, schools, period)]
        out.tables.append(Table(str(item.label), (_("Category"), _("Number")), rows))
    if part.trend:
        months = _months(period)
        series = {str(metrics.get(k).label): metrics.trend(k, schools, months) for k in part.trend}
        out.trend = [
            (month.start, {label: rows[i][1] for label, rows in series.items()})
            for i, month in enumerate(months)
        ]
    if one_school and part.details is not None:
        out.tables.extend(part.details(org, period))
    return out


def chapters(org, period, caps, *, progress=None):
    """[(chapter, [PartFigures])] in the chapters' order, with the parts the asker may see."""
    schools = schools_of(org)
    one_school = org.is_school
    found = []
    for number, chapter in enumerate(CHAPTERS, start=1):
        parts = [
            part_figures(part, org, schools, period, one_school=one_school)
            for part in parts_in(chapter.key, caps)
        ]
        found.append((chapter, parts))
        if progress is not None:
            progress(number, len(CHAPTERS))
    return found


def school_table(org, period, caps):
    """A bureau's summary ends with every school's main figures: the first figure of each
    part the asker may see, up to SCHOOL_TABLE_COLUMNS, one query each."""
    keys = []
    for chapter in CHAPTERS:
        for part in parts_in(chapter.key, caps):
            if part.metrics and len(keys) < SCHOOL_TABLE_COLUMNS:
                keys.append(part.metrics[0])
    schools = schools_of(org)
    names = list(schools.order_by("name", "pk").values_list("pk", "name"))
    found = metrics.table(keys, schools, period)
    header = (_("School"), *(str(metrics.get(k).label) for k in keys))
    rows = [(name, *(_text(metrics.get(k), found[k].get(pk)) for k in keys)) for pk, name in names]
    return Table(_("Figures of each school"), header, rows)


def _prompt(doc, text):
    """Room for the officer's own words: grey, in brackets, to be written over in Word."""
    from docx.shared import Pt, RGBColor

    paragraph = doc.add_paragraph()
    # Apart from the table above it: in Word and LibreOffice a paragraph right after a table
    # otherwise touches its border.
    paragraph.paragraph_format.space_before = Pt(8)
    run = paragraph.add_run(f"[{text}]")
    run.italic = True
    run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def _caption(doc, text):
    """A detail table's title, bold, with room above it (it often follows another table)."""
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True


def _write_part(doc, part):
    from docx.shared import Cm

    heading(doc, part.title, level=2)
    if part.figures:
        table(doc, (_("Figure"), _("Value")), part.figures)
    if part.trend and any(any(v.values()) for _m, v in part.trend):
        doc.add_picture(charts.monthly_bars(part.title, part.trend), width=Cm(15))
    for detail in part.tables:
        _caption(doc, detail.title)
        if detail.rows:
            table(doc, detail.header, detail.rows)
        else:
            doc.add_paragraph(_("None in this period."))


def _title(doc, summary):
    heading(doc, summary.title, level=0)
    doc.add_paragraph(
        _("%(org)s · %(start)s to %(end)s · written from the records on %(day)s")
        % {
            "org": summary.org.name,
            "start": date_format(summary.start, "Y-m-d"),
            "end": date_format(summary.end, "Y-m-d"),
            "day": date_format(timezone.localdate(), "Y-m-d"),
        }
    )


def report_sections(summary, previous):
    """The sections of a document of core.reporting (the risk assessment report) and its
    snapshot: read once, written both as .docx and as PDF, so the two never differ. `previous`
    is the snapshot of the org's last report of the kind, or None."""
    kind = REPORT_KINDS[summary.kind]
    return kind.build(summary.org, metrics.Period(summary.start, summary.end), previous)


def write_report(summary, sections, *, progress=None):
    """The report's .docx as bytes: numbered sections of figures and tables, each with room
    for the officer's words."""
    doc = document()
    _title(doc, summary)
    for number, section in enumerate(sections, start=1):
        heading(doc, f"{number}. {section.title}", level=1)
        if section.figures:
            table(doc, (_("Figure"), _("Value")), section.figures)
        for detail in section.tables:
            _caption(doc, detail.title)
            if detail.rows:
                table(doc, detail.header, detail.rows)
            else:
                doc.add_paragraph(_("None."))
        if section.prompt:
            _prompt(doc, section.prompt)
        if progress is not None:
            progress(number, len(sections))
    return to_bytes(doc)


def report_pdf(summary, sections):
    """The same report as a PDF to hand in as it is (WeasyPrint, the CJK fonts the server
    has, as the other PDFs): the same sections, the officer's prompts left out."""
    from weasyprint import HTML

    html = render_to_string(
        "reports/report_pdf.html",
        {
            "summary": summary,
            "sections": sections,
            "written": date_format(timezone.localdate(), "Y-m-d"),
            "lang": translation.get_language(),
        },
    )
    return HTML(string=html).write_pdf()


def write(summary, *, progress=None):
    """The summary's .docx as bytes."""
    org = summary.org
    period = metrics.Period(summary.start, summary.end)
    caps = set(summary.caps)
    doc = document()
    _title(doc, summary)
    if not org.is_school:
        doc.add_paragraph(
            _("%(n)s schools. Counts are totals over the schools; a rate is their median.")
            % {"n": schools_of(org).count()}
        )
    for number, (chapter, parts) in enumerate(
        chapters(org, period, caps, progress=progress), start=1
    ):
        heading(doc, f"{number}. {chapter.title}", level=1)
        for part in parts:
            _write_part(doc, part)
        _prompt(doc, chapter.prompt)
    if not org.is_school:
        annex = school_table(org, period, caps)
        heading(doc, annex.title, level=1)
        table(doc, annex.header, annex.rows)
    return to_bytes(doc)
