"""The risk list (风险清单) as xlsx in its standard columns, streamed in write-only mode."""

from safecampus.core.xlsx import NUMBER, TEXT, new_sheet, xlsx_response
from safecampus.risks.levels import ControlLevel, Level, Method
from safecampus.risks.models import RiskAssessment

# The standard columns schools keep; fixed Chinese headers, as on paper ledgers.
COLUMNS = [
    "序号",
    "区域",
    "风险点",
    "危险因素",
    "可能导致的事故类型",
    "评价方法",
    "L",
    "E",
    "C或S",
    "分值",
    "风险等级",
    "管控措施",
    "管控层级",
    "责任人",
]
WIDTHS = [6, 14, 20, 36, 22, 10, 6, 6, 8, 8, 10, 40, 10, 10]
LEVEL_NAMES = {
    Level.MAJOR: "重大风险",
    Level.SIGNIFICANT: "较大风险",
    Level.GENERAL: "一般风险",
    Level.LOW: "低风险",
}
CONTROL_NAMES = {
    ControlLevel.SCHOOL: "学校级",
    ControlLevel.DEPARTMENT: "部门级",
    ControlLevel.GROUP: "班组级",
    ControlLevel.POST: "岗位级",
}
METHOD_NAMES = {Method.LEC: "LEC", Method.MATRIX: "风险矩阵"}
ACCIDENT_NAMES = {
    "falling_object": "物体打击",
    "vehicle": "车辆伤害",
    "mechanical": "机械伤害",
    "electric_shock": "触电",
    "drowning": "淹溺",
    "scalding": "灼烫",
    "fire": "火灾",
    "fall_from_height": "高处坠落",
    "collapse": "坍塌",
    "poisoning": "中毒和窒息",
    "crowd_crush": "拥挤踩踏",
    "food_poisoning": "食物中毒",
    "violence": "暴力侵害",
    "bullying": "校园欺凌",
    "sports_injury": "运动伤害",
    "other": "其他伤害",
}
CHUNK = 500
SHEET_TITLE = "风险清单"


def _number(value):
    return float(value) if value is not None else None


KINDS = (
    NUMBER,
    TEXT,
    TEXT,
    TEXT,
    TEXT,
    TEXT,
    NUMBER,
    NUMBER,
    NUMBER,
    NUMBER,
    TEXT,
    TEXT,
    TEXT,
    TEXT,
)


def risk_rows(points):
    """The risk list's lines of `points`, in their order: points are read in chunks, each chunk's
    latest assessments in one query."""
    points = points.select_related("zone", "responsible")
    batch = []

    def flush(start):
        latest = {}
        ids = [p.pk for p in batch]
        for a in RiskAssessment.objects.filter(risk_point_id__in=ids).order_by("-assessed_at"):
            latest.setdefault(a.risk_point_id, a)
        for offset, point in enumerate(batch):
            a = latest.get(point.pk)
            yield [
                start + offset,
                point.zone.path_name,
                point.name,
                point.hazard_factors,
                "、".join(ACCIDENT_NAMES.get(t, t) for t in point.accident_types),
                METHOD_NAMES.get(a.method, "") if a else "",
                _number(a.likelihood) if a else None,
                _number(a.exposure) if a else None,
                _number(a.consequence if a.method == Method.LEC else a.severity) if a else None,
                _number(a.value) if a else None,
                LEVEL_NAMES.get(point.level, ""),
                point.existing_controls,
                CONTROL_NAMES.get(point.control_level, ""),
                str(point.responsible),
            ]

    number = 1
    for point in points.iterator(chunk_size=CHUNK):
        batch.append(point)
        if len(batch) == CHUNK:
            yield from flush(number)
            number += len(batch)
            batch = []
    if batch:
        yield from flush(number)


def write_risks(points, stream):
    wb, ws = new_sheet(SHEET_TITLE, COLUMNS, WIDTHS, long=True)
    out = ws.rows(KINDS)
    for row in risk_rows(points):
        out.append(row)
    wb.save(stream)


def term_rows(user, school, start, end):
    """The ledger pack's sheet: the risk list as it stood at the term's end (points added by
    then), in the list's order."""
    from safecampus.risks.queries import risk_points

    points = risk_points(user=user, school=school).filter(created_at__date__lte=end)
    return risk_rows(points)


def export_response(points, filename):
    return xlsx_response(lambda stream: write_risks(points, stream), filename)
