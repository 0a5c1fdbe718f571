"""What an assessment round writes: its ranking with every indicator's points as an xlsx
(streamed, on core.xlsx), and editable .docx reports, one per school and one for the district,
with the figures filled in from the database."""

import io
from collections import Counter
from itertools import islice

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.assessment import queries
from safecampus.assessment.models import Entry, Indicator
from safecampus.core.docx import DOCX_CONTENT_TYPE, document
from safecampus.core.docx import table as _table
from safecampus.core.targets import describe
from safecampus.core.xlsx import NUMBER, TEXT, new_sheet, xlsx_response

# Sheets read per query of their entries while the xlsx is written.
CHUNK = 500


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def write_round(stream, round_):
    indicators = list(
        Indicator.objects.filter(area__version=round_.version).order_by(
            "area__position", "position"
        )
    )
    columns = [
        _("Rank"),
        _("School"),
        _("Self-assessed"),
        _("Points"),
        _("Grade"),
        _("Vetoed"),
        *[f"{i.name} ({i.max_points})" for i in indicators],
    ]
    kinds = [NUMBER, TEXT, NUMBER, NUMBER, TEXT, TEXT] + [NUMBER] * len(indicators)
    wb, ws = new_sheet(
        _("Results"), columns, [6, 28, 10, 10, 10, 8] + [12] * len(indicators), long=True
    )
    writer = ws.rows(kinds)
    for chunk in _chunks(queries.ranking(round_).iterator(chunk_size=CHUNK), CHUNK):
        points = {}
        for sheet_id, indicator_id, value in Entry.objects.filter(sheet__in=chunk).values_list(
            "sheet_id", "indicator_id", "points"
        ):
            points[(sheet_id, indicator_id)] = value
        for sheet in chunk:
            writer.append(
                [
                    sheet.rank if sheet.total is not None else None,
                    sheet.school.name,
                    sheet.self_total,
                    sheet.total,
                    sheet.grade,
                    _("yes") if sheet.vetoed else "",
                    *[points.get((sheet.pk, i.pk)) for i in indicators],
                ]
            )
    wb.save(stream)


def round_xlsx(round_):
    return xlsx_response(lambda stream: write_round(stream, round_), f"{round_.title}.xlsx")


def _response(doc, name):
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=name, content_type=DOCX_CONTENT_TYPE)


def _facts(doc, round_):
    doc.add_paragraph(
        _("%(bureau)s · %(start)s – %(end)s · scheme: %(scheme)s")
        % {
            "bureau": round_.bureau.name,
            "start": round_.starts_on.isoformat(),
            "end": round_.ends_on.isoformat(),
            "scheme": str(round_.version),
        }
    )
    if round_.version.scheme.source:
        doc.add_paragraph(_("Source: %(source)s") % {"source": round_.version.scheme.source})


def sheet_docx(user, sheet):
    """One school's report: every indicator with its own and the inspectors' points (those
    once published, for the school), the vetoes, the grade and the appeals."""
    round_ = sheet.round
    shown = queries.results_shown(user, sheet) and round_.status != "self"
    doc = document()
    doc.add_heading(
        _("%(title)s: %(school)s") % {"title": round_.title, "school": sheet.school.name}, 0
    )
    _facts(doc, round_)
    if shown:
        doc.add_paragraph(
            _("Points: %(total)s of %(max)s · grade: %(grade)s")
            % {
                "total": sheet.total if sheet.total is not None else "—",
                "max": queries.max_points(round_.version),
                "grade": sheet.grade or "—",
            }
        )
    doc.add_heading(_("Indicators"), level=1)
    header = [_("Area"), _("Indicator"), _("Max"), _("Self-assessed"), _("Note")]
    if shown:
        header.append(_("Points"))
    rows = []
    for entry in queries.entries(sheet):
        row = [
            entry.indicator.area.name,
            entry.indicator.name,
            entry.indicator.max_points,
            entry.self_points,
            entry.note,
        ]
        if shown:
            row.append(entry.points)
        rows.append(row)
    _table(doc, header, rows)
    if shown:
        vetoes = list(sheet.vetoes.select_related("item"))
        if vetoes:
            doc.add_heading(_("One-vote veto"), level=1)
            for veto in vetoes:
                doc.add_paragraph(f"{veto.item.name}: {veto.reason}", style="List Bullet")
        appeals = list(sheet.appeals.all())
        if appeals:
            doc.add_heading(_("Appeals"), level=1)
            for appeal in appeals:
                doc.add_paragraph(f"{appeal.filed_at:%Y-%m-%d} {appeal.text}")
                if appeal.answer:
                    doc.add_paragraph(_("Answer: %(text)s") % {"text": appeal.answer})
    doc.add_heading(_("Findings and next steps"), level=1)
    doc.add_paragraph(_("(to be written)"))
    return _response(doc, f"{round_.title}-{sheet.school.name}.docx")


def round_docx(round_):
    """The district's report: progress, grades, the ranking, vetoes and appeals."""
    doc = document()
    doc.add_heading(_("%(title)s: report") % {"title": round_.title}, 0)
    _facts(doc, round_)
    doc.add_paragraph(
        _("Schools: %(target)s · written %(day)s")
        % {
            "target": describe(round_.bureau, round_.target),
            "day": timezone.localdate().isoformat(),
        }
    )
    counts = queries.round_counts(round_)
    doc.add_paragraph(
        _(
            "%(schools)d schools; %(submitted)d self-assessments handed in; %(scored)d of "
            "%(entries)d indicators scored; %(open_appeals)d appeals open."
        )
        % counts
    )
    sheets = list(queries.ranking(round_))
    doc.add_heading(_("Grades"), level=1)
    grades = Counter(s.grade for s in sheets if s.grade)
    bands = list(round_.version.bands.all())
    _table(doc, [_("Grade"), _("Schools")], [[b.label, grades.get(b.label, 0)] for b in bands])
    doc.add_heading(_("Ranking"), level=1)
    _table(
        doc,
        [_("Rank"), _("School"), _("Self-assessed"), _("Points"), _("Grade")],
        [
            [
                s.rank if s.total is not None else None,
                s.school.name,
                s.self_total,
                s.total,
                s.grade + (f" ({_('vetoed')})" if s.vetoed else ""),
            ]
            for s in sheets
        ],
    )
    doc.add_heading(_("Findings and next steps"), level=1)
    doc.add_paragraph(_("(to be written by the bureau)"))
    return _response(doc, f"{round_.title}.docx")
