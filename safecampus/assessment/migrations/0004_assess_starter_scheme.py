"""The starter assessment scheme every bureau may use or copy (rules-next.md §1).

Its six areas are those of 《中小学（幼儿园）安全工作专项督导暂行办法》 (国教督办〔2016〕4号);
the veto list is Fujian's 平安先行学校 list (平教德〔2011〕96号 §5); the indicators' figures
and cadences come from the sources named in `SOURCE`. The grade bands' points have no source
found: they are the common 90/75/60 split, to be set by each bureau on its copy.
"""

from django.db import migrations

NAME = "学校安全工作考核（起步方案）"
SOURCE = (
    "领域：国教督办〔2016〕4号《中小学（幼儿园）安全工作专项督导暂行办法》六个方面；"
    "一票否决：福建平安先行学校 平教德〔2011〕96号 第五条；"
    "安全会议每年不少于4次：广元平安校园评分表；每学期不少于1次疏散演练：中小学等级平安校园动态评估指标体系；"
    "安全教育每两周一课时：种子文档003；等级分数线（90/75/60）无出处，由教育局在副本中设定。"
)

AREAS = [
    (
        "组织管理",
        [
            ("安全工作领导小组与责任体系", "校长任组长，分工明确，一岗双责。", 5, None, None),
            ("安全工作会议", "每年不少于4次，少于4次本项不得分（广元）。", 5, None, None),
            ("安全责任书逐级签订", "学校与教职工、班主任、家长逐级签订。", 5, None, None),
        ],
    ),
    (
        "制度建设",
        [
            ("安全管理制度健全", "门卫、隐患排查、消防、食品、危化品等制度齐全并执行。", 8, None, None),
            ("人防物防技防落实", "保安、装备、视频监控、一键报警等配备到位。", 7, None, None),
        ],
    ),
    (
        "预警防范",
        [
            ("隐患销号率", "本期发现的隐患已销号的比例。", 10, "hazards.closure_rate", [[95, 10], [85, 7], [70, 4]]),
            ("逾期未整改隐患", "超过整改期限仍未销号的隐患数。", 8, "hazards.overdue", [[0, 8], [2, 4]]),
            ("日常检查完成率", "按计划完成的检查比例。", 6, "checks.completion", [[95, 6], [85, 4], [70, 2]]),
            ("巡查完成率", "按计划完成的巡查比例。", 6, "patrols.completion", [[95, 6], [85, 4], [70, 2]]),
        ],
    ),
    (
        "教育演练",
        [
            ("应急疏散演练", "每学期不少于1次（全年不少于2次）。", 10, "drills.held", [[2, 10], [1, 5]]),
            ("安全教育", "每两周一课时，落实“1530”安全教育。", 10, None, None),
        ],
    ),
    (
        "重点治理",
        [("专项治理", "防溺水、交通、欺凌和暴力、涉校涉生违法犯罪、心理危机。", 10, None, None)],
    ),
    (
        "事故处理",
        [
            ("事故报告与处置", "及时上报，妥善处置，按预案开展复盘。", 5, None, None),
            ("应急预案与1-3-5响应", "预案齐全；报警按1分钟自救、3分钟互救、5分钟增援处置。", 5, None, None),
        ],
    ),
]

VETOES = [
    ("因管理不善发生重特大刑事案件", "本年度"),
    ("发生群体性食物中毒、校舍倒塌、重大火灾、重大疫情、踩踏或校车事故并造成人员伤亡", "本年度"),
    ("教职工或学生参与邪教组织", "本年度"),
    ("发生非法集会、罢课或越级上访", "本年度"),
    ("学校主要领导被开除党籍或撤职", "本年度"),
    ("瞒报、谎报安全事故，或安全工作满意度低于90%", "本年度"),
]

BANDS = [("优秀", 90, False), ("良好", 75, False), ("合格", 60, False), ("不合格", 0, True)]


def add_starter(apps, schema_editor):
    scheme_model = apps.get_model("assessment", "Scheme")
    if scheme_model.objects.filter(org=None, name=NAME).exists():
        return
    scheme = scheme_model.objects.create(org=None, name=NAME, source=SOURCE)
    version = apps.get_model("assessment", "SchemeVersion").objects.create(
        scheme=scheme, number=1, note="起步方案"
    )
    area_model = apps.get_model("assessment", "Area")
    indicator_model = apps.get_model("assessment", "Indicator")
    for position, (name, indicators) in enumerate(AREAS, start=1):
        area = area_model.objects.create(version=version, position=position, name=name)
        for n, (title, guidance, points, metric, thresholds) in enumerate(indicators, start=1):
            indicator_model.objects.create(
                area=area,
                position=n,
                name=title,
                guidance=guidance,
                max_points=points,
                rule="metric" if metric else "manual",
                metric=metric or "",
                thresholds=thresholds or [],
            )
    veto_model = apps.get_model("assessment", "VetoItem")
    for position, (name, look_back) in enumerate(VETOES, start=1):
        veto_model.objects.create(version=version, position=position, name=name, look_back=look_back)
    band_model = apps.get_model("assessment", "GradeBand")
    for label, low, cap in BANDS:
        band_model.objects.create(version=version, label=label, min_points=low, veto_cap=cap)


def remove_starter(apps, schema_editor):
    apps.get_model("assessment", "Scheme").objects.filter(org=None, name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_assess_schemes_rounds")]

    operations = [migrations.RunPython(add_starter, remove_starter)]
