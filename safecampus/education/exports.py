"""What safety education writes as xlsx (core.xlsx): the bureau's table of its schools."""

from safecampus.core.xlsx import NUMBER, TEXT, new_sheet, xlsx_response
from safecampus.education.queries.bureau import school_rows

COLUMNS = [
    "学校",
    "1530已记录",
    "1530应记",
    "完成率（%）",
    "1530漏记",
    "安全课逾期班级",
    "培训未达标人数",
]
WIDTHS = [30, 12, 12, 12, 12, 16, 16]
KINDS = [TEXT, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER]
# Schools read per batch: each batch costs the same few queries, so a city streams in steps.
BATCH = 200


def schools_xlsx(schools, period, filename):
    def write(stream):
        wb, ws = new_sheet("安全教育", COLUMNS, WIDTHS, long=True)
        out = ws.rows(KINDS)
        ids = list(schools.values_list("pk", flat=True))
        for first in range(0, len(ids), BATCH):
            batch = list(schools.filter(pk__in=ids[first : first + BATCH]))
            for school, done, due, rate, missing, overdue, short in school_rows(batch, period):
                out.append([school.name, done, due, rate, missing, overdue, short])
        wb.save(stream)

    return xlsx_response(write, filename)
