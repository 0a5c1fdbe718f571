"""What a campaign writes: the summary (.docx, editable, figures filled in from the database)
and its progress, every school × stage, as an xlsx built on core.xlsx."""

import io
from itertools import islice

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from safecampus.core.docx import DOCX_CONTENT_TYPE, document
from safecampus.core.docx import table as _table
from safecampus.core.targets import describe
from safecampus.core.xlsx import TEXT, new_sheet, xlsx_response
from safecampus.supervision.queries import campaigns as queries

# Schools read per query when the progress sheet is written: one submissions query per chunk.
CHUNK = 500

CELL_LABELS = {
    queries.Cell.NOT_DUE: lambda: _("Not due"),
    queries.Cell.OPEN: lambda: _("Not handed in"),
    queries.Cell.SUBMITTED: lambda: _("Handed in"),
    queries.Cell.LATE: lambda: _("Handed in late"),
    queries.Cell.RETURNED: lambda: pgettext("hand-in", "Returned"),
    queries.Cell.ACCEPTED: lambda: pgettext("hand-in", "Accepted"),
}


def cell_label(state, late=False):
    """The cell in words; a hand-in reviewed since keeps its lateness in the label."""
    label = CELL_LABELS[state]()
    if late and state != queries.Cell.LATE:
        return f"{label} ({pgettext('hand-in', 'Late')})"
    return label


def summary_figures(campaign):
    """Everything the summary states, read from the database (the test compares them)."""
    stage_list = queries.stages(campaign)
    total, counts = queries.stage_counts(campaign, stage_list)
    return {
        "schools": total,
        "stages": [
            {
                "name": stage.name,
                "starts_on": stage.starts_on,
                "due_on": stage.due_on,
                "on_time": row["on_time"],
                "late": row["late"],
                "returned": row["returned"],
                "accepted": row["accepted"],
                "missing": row["missing"],
            }
            for stage, row in counts
        ],
        "hazards": queries.hazard_counts(campaign),
        "figures": queries.figure_sums(campaign, stage_list),
    }


def write_summary(stream, campaign):
    figures = summary_figures(campaign)
    doc = document()
    doc.add_heading(_("%(title)s: summary") % {"title": campaign.title}, level=1)
    doc.add_paragraph(
        _("%(bureau)s · target: %(target)s · written %(day)s")
        % {
            "bureau": campaign.bureau.name,
            "target": describe(campaign.bureau, campaign.target),
            "day": timezone.localdate().isoformat(),
        }
    )
    if campaign.description:
        doc.add_paragraph(campaign.description)
    doc.add_heading(_("Schools reached"), level=2)
    doc.add_paragraph(_("Schools reached: %(n)d") % {"n": figures["schools"]})
    doc.add_heading(_("Hand-ins per stage"), level=2)
    _table(
        doc,
        [
            _("Stage"),
            _("Dates"),
            _("On time"),
            pgettext("hand-in", "Late"),
            pgettext("hand-in", "Returned"),
            pgettext("hand-in", "Accepted"),
            _("Not handed in"),
        ],
        [
            [
                s["name"],
                f"{s['starts_on']:%Y-%m-%d} – {s['due_on']:%Y-%m-%d}",
                s["on_time"],
                s["late"],
                s["returned"],
                s["accepted"],
                s["missing"],
            ]
            for s in figures["stages"]
        ],
    )
    doc.add_heading(_("Hazards"), level=2)
    doc.add_paragraph(_("Hazards found: %(found)d; fixed: %(fixed)d") % figures["hazards"])
    if figures["figures"]:
        doc.add_heading(_("Figures handed in"), level=2)
        _table(
            doc,
            [_("Stage"), _("Figure"), _("Sum")],
            [
                [stage.name, label, value]
                for stage, sums in figures["figures"]
                for label, value in sums
            ],
        )
    doc.add_heading(_("Findings and next steps"), level=2)
    doc.add_paragraph(_("(to be written by the bureau)"))
    doc.save(stream)


def summary_response(campaign):
    buffer = io.BytesIO()
    write_summary(buffer, campaign)
    buffer.seek(0)
    name = f"{campaign.title}-{_('summary')}.docx"
    return FileResponse(buffer, as_attachment=True, filename=name, content_type=DOCX_CONTENT_TYPE)


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def write_progress(stream, campaign):
    stage_list = queries.stages(campaign)
    today = timezone.localdate()
    columns = [_("School"), *[s.name for s in stage_list]]
    wb, ws = new_sheet(_("Progress"), columns, [28] + [16] * len(stage_list), long=True)
    writer = ws.rows([TEXT] * len(columns))
    schools = queries.school_rows(campaign).iterator(chunk_size=CHUNK)
    for chunk in _chunks(schools, CHUNK):
        for row in queries.board_rows(campaign, stage_list, chunk, today):
            writer.append(
                [row.school.name, *[cell_label(state, late) for _s, state, _sub, late in row.cells]]
            )
    wb.save(stream)


def progress_response(campaign):
    return xlsx_response(
        lambda stream: write_progress(stream, campaign),
        f"{campaign.title}-{_('progress')}.xlsx",
    )
