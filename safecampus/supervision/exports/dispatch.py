"""The replies to one dispatched task as xlsx: one row per school, each figure a column."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.xlsx import NUMBER, TEXT, new_sheet, xlsx_response
from safecampus.supervision.queries import dispatch as queries


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def write_rows(stream, task):
    labels = [f["label"] for f in task.figures]
    columns = [
        _("School"),
        _("Status"),
        _("Read at"),
        _("Replied at"),
        _("Replied late"),
        _("Reply"),
        *labels,
    ]
    wb, ws = new_sheet(
        _("Replies"), columns, [24, 12, 16, 16, 6, 40, *[14] * len(labels)], long=True
    )
    rows = ws.rows([TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, *[NUMBER] * len(labels)])
    yes, no = _("yes"), _("no")
    for copy in queries.export_rows(task).iterator(chunk_size=500):
        answers = copy.answers or {}
        rows.append(
            [
                copy.school.name,
                copy.get_status_display(),
                _when(copy.read_at),
                _when(copy.replied_at),
                (yes if copy.late else no) if copy.replied_at else "",
                copy.reply_text or "",
                *[answers.get(f["key"]) for f in task.figures],
            ]
        )
    wb.save(stream)


def write_replies(task, *, filename):
    return xlsx_response(lambda stream: write_rows(stream, task), filename)
