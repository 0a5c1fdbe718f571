"""What reports write as xlsx (core.xlsx): the safety calendar of a school's term."""

from safecampus.core.xlsx import DATE, TEXT, new_sheet, xlsx_response

COLUMNS = ["开始", "结束", "类别", "事项", "原定日期（遇节假日顺延）", "依据"]
WIDTHS = [12, 12, 14, 60, 18, 50]
KINDS = [DATE, DATE, TEXT, TEXT, TEXT, TEXT]


def calendar_xlsx(items, filename):
    def write(stream):
        wb, ws = new_sheet("安全工作序列表", COLUMNS, WIDTHS, long=True)
        out = ws.rows(KINDS)
        for item in items:
            out.append(
                [
                    item.start,
                    item.end,
                    str(item.kind_label),
                    str(item.title),
                    item.moved_from.isoformat() if item.moved_from else "",
                    str(item.source),
                ]
            )
        wb.save(stream)

    return xlsx_response(write, filename)
