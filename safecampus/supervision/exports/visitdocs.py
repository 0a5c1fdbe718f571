"""What a visit and the bureau's week produce on paper: the 督导意见书 / 整改通知书 (PDF and an
editable .docx), the weekly 工作简报 (.docx), and the visits' and findings' ledgers (.xlsx).

The documents are Chinese official papers, so their fixed wording is Chinese whatever the
interface language, and category and status names are taken in simplified Chinese.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from safecampus.core.docx import align, document
from safecampus.core.docx import heading as _heading
from safecampus.core.docx import table as _table
from safecampus.core.docx import to_bytes as _save
from safecampus.core.xlsx import DATE, NUMBER, TEXT, new_sheet, xlsx_response
from safecampus.hazards.models import place_name
from safecampus.supervision.queries.visitdocs import findings, team

DOCUMENT_LANGUAGE = "zh-hans"

KIND_NAMES = {
    "routine": "经常性督导",
    "special": "专项督导",
    "comprehensive": "综合督导",
    "unannounced": "四不两直督查",
}
STATUS_NAMES = {
    "planned": "已计划",
    "under_way": "进行中",
    "issued": "已下达意见书",
    "responded": "学校已回复",
    "closed": "已复查办结",
    "cancelled": "已取消",
}
SEND_BACK = (
    "请学校对照上述问题逐项整改，于整改期限前通过平台提交整改报告（写明整改措施、完成时间、"
    "责任人，并附整改前后照片）；对督导意见有异议的，可在收到本通知书后通过平台提出申辩，"
    "并附相关材料。督导组将对整改情况进行复查。"
)
NO_FINDINGS = "本次督导未发现需要整改的问题。"


def _day(value):
    return f"{value:%Y年%m月%d日}" if value else "—"


def _names(people):
    return "、".join(str(person) for person in people)


def notice(visit):
    """What both forms of the notice say, in the documents' language."""
    with translation.override(DOCUMENT_LANGUAGE):
        rows = findings(visit)
    people = team(visit)
    issued = timezone.localdate(visit.issued_at) if visit.issued_at else None
    return {
        "visit": visit,
        "title": "督导意见书" + ("暨整改通知书" if rows else ""),
        "kind": KIND_NAMES.get(visit.kind, visit.kind),
        "day": _day(visit.planned_on),
        "issued": _day(issued),
        "lead": str(visit.lead),
        "team": _names(people),
        "findings": rows,
        "rectify_by": _day(visit.rectify_by) if visit.rectify_by else "",
        "send_back": SEND_BACK if rows else "",
        "no_findings": NO_FINDINGS,
    }


def notice_filename(visit, ext):
    return f"督导意见书-{visit.school.name}-{visit.planned_on:%Y%m%d}.{ext}"


def notice_pdf(visit, base_url):
    from weasyprint import HTML

    html = render_to_string("supervision/visitdocs/notice_pdf.html", notice(visit))
    return HTML(string=html, base_url=base_url).write_pdf()


def notice_docx(visit):
    data = notice(visit)
    doc = document()
    _heading(doc, data["title"], 0)
    facts = doc.add_paragraph()
    facts.add_run(f"{visit.bureau.name}\n").bold = True
    facts.add_run(f"受检学校：{visit.school.name}\n")
    facts.add_run(f"督导类型：{data['kind']}\n")
    facts.add_run(f"督导日期：{data['day']}\n")
    facts.add_run(f"督导组：{data['team']}（组长：{data['lead']}）\n")
    facts.add_run(f"下达日期：{data['issued']}")
    _heading(doc, "一、督导意见")
    doc.add_paragraph(visit.opinion or "—")
    _heading(doc, "二、发现的问题")
    if data["findings"]:
        _table(
            doc,
            ["序号", "检查项目", "问题说明", "隐患编号", "隐患部位"],
            [(f.number, f.item, f.note, f.code, f.place) for f in data["findings"]],
        )
    else:
        doc.add_paragraph(NO_FINDINGS)
    if data["findings"]:
        _heading(doc, "三、整改要求")
        doc.add_paragraph(f"整改期限：{data['rectify_by'] or '—'}")
        doc.add_paragraph(SEND_BACK)
    signature = doc.add_paragraph(f"{visit.bureau.name}\n{data['issued']}")
    align(signature, "right")
    return _save(doc)


# The weekly briefing -----------------------------------------------------------------------


def briefing_filename(brief):
    return f"督导工作简报-{brief.org.name}-{brief.year}W{brief.week:02d}.docx"


def briefing_docx(brief):
    doc = document()
    _heading(doc, "督导工作简报", 0)
    span = f"{_day(brief.start)}至{_day(brief.end)}"
    sub = doc.add_paragraph(f"{brief.org.name}　{brief.year}年第{brief.week}周（{span}）")
    align(sub, "center")
    _heading(doc, "一、本周概况")
    doc.add_paragraph(
        f"本周共开展督导检查{len(brief.visits)}次，发现问题{brief.findings}项，"
        f"其中已整改{brief.fixed}项。"
    )
    _heading(doc, "二、督导检查情况")
    if brief.visits:
        _table(
            doc,
            ["日期", "学校", "类型", "督导组", "发现问题"],
            [
                (
                    f"{timezone.localdate(v.started_at):%m-%d}",
                    v.school.name,
                    KIND_NAMES.get(v.kind, v.kind),
                    _names(people),
                    n,
                )
                for v, people, n in brief.visits
            ],
        )
    else:
        doc.add_paragraph("本周无督导检查。")
    _heading(doc, "三、问题分类")
    if brief.by_category:
        _table(doc, ["类别", "问题数"], brief.by_category)
        doc.add_paragraph()
        _table(doc, ["学校", "问题数"], brief.by_school)
    else:
        doc.add_paragraph("本周未发现问题。")
    _heading(doc, "四、督导频次")
    doc.add_paragraph(
        f"学期：{brief.term.name}（{_day(brief.term.start)}至{_day(brief.term.end)}）"
    )
    if brief.short_schools:
        _table(
            doc,
            ["本学期督导次数不足的学校", "已督导", "要求", "依据"],
            [
                (school.name, n, rules.visits_per_school_semester, rules.source or rules.name)
                for school, n, rules in brief.short_schools
            ],
        )
        if brief.short_count > len(brief.short_schools):
            doc.add_paragraph(
                f"共{brief.short_count}所学校督导次数不足，以上为督导次数最少的"
                f"{len(brief.short_schools)}所。"
            )
    else:
        doc.add_paragraph("各学校本学期督导次数均已达到要求。")
    doc.add_paragraph()
    if brief.short_inspectors:
        _table(
            doc,
            ["本周督导学校数不足的督导员", "本周学校数", "要求", "依据"],
            [
                (str(user), n, rules.visits_per_inspector_week, rules.source or rules.name)
                for user, n, rules in brief.short_inspectors
            ],
        )
    else:
        doc.add_paragraph("各督导员本周督导学校数均已达到要求。")
    return _save(doc)


# Ledgers -----------------------------------------------------------------------------------

VISIT_COLUMNS = ["日期", "学校", "类型", "标题", "状态", "组长", "督导组", "发现问题", "整改期限"]
VISIT_WIDTHS = [12, 24, 14, 30, 14, 10, 30, 10, 12]
VISIT_KINDS = [DATE, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, NUMBER, DATE]

FINDING_COLUMNS = [
    "督导日期",
    "学校",
    "督导",
    "检查项目",
    "问题说明",
    "隐患编号",
    "隐患部位",
    "隐患状态",
    "整改期限",
]
FINDING_WIDTHS = [12, 24, 30, 36, 40, 14, 30, 14, 12]
FINDING_KINDS = [DATE, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, DATE]
CHUNK_SIZE = 500


def visits_xlsx(visits, filename):
    def write(stream):
        wb, ws = new_sheet("督导检查", VISIT_COLUMNS, VISIT_WIDTHS, long=True)
        out = ws.rows(VISIT_KINDS)
        for v in visits.iterator(chunk_size=CHUNK_SIZE):
            out.append(
                [
                    v.planned_on,
                    v.school.name,
                    KIND_NAMES.get(v.kind, v.kind),
                    v.title,
                    STATUS_NAMES.get(v.status, v.status),
                    str(v.lead),
                    _names(team(v)),
                    v.failed,
                    v.rectify_by,
                ]
            )
        wb.save(stream)

    return xlsx_response(write, filename)


def findings_xlsx(results, filename):
    def write(stream):
        wb, ws = new_sheet("督导发现问题", FINDING_COLUMNS, FINDING_WIDTHS, long=True)
        out = ws.rows(FINDING_KINDS)
        with translation.override(DOCUMENT_LANGUAGE):
            for r in results.iterator(chunk_size=CHUNK_SIZE):
                hazard = r.hazard
                out.append(
                    [
                        r.visit.planned_on,
                        r.visit.school.name,
                        r.visit.title,
                        r.item.text,
                        r.note,
                        hazard.tracking_code if hazard else "",
                        place_name(hazard.zone.path_name if hazard.zone else "", hazard.place)
                        if hazard
                        else "",
                        str(hazard.get_status_display()) if hazard else "",
                        (hazard.supervision_deadline or hazard.deadline) if hazard else None,
                    ]
                )
        wb.save(stream)

    return xlsx_response(write, filename)
