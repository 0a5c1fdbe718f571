"""The default casework rules, retention period and typology of concern every school starts
from (rules-next.md §4, rules.md §5). Each figure with its source; a bureau or school may keep
its own row."""

from django.db import migrations

RULES_SOURCE = (
    "未成年人网络保护条例 §36 (访问须经负责人审批并记录); seed 004 (台账动态管理, 按月复核); "
    "精神障碍风险分级 3–5 级报告公安 (rules-next.md §4, 二手来源)"
)
RETENTION_SOURCE = (
    "个人信息保护法 §19 (保存期限为实现处理目的所必要的最短时间), §55–§56 (记录至少保存三年); "
    "结案后保存年限各地未统一，可按本地规定调整"
)
LAW_28 = "预防未成年人犯罪法 (2020) §28"
LAW_38 = "预防未成年人犯罪法 (2020) §38"
PSYCH = "精神卫生法 §28; 风险分级 0–5 (rules-next.md §4)"
SEED = "seed 004 (重点人员台账); rules-next.md §4"

CATEGORIES = [
    ("bad", "bad-smoking", "吸烟、饮酒", LAW_28),
    ("bad", "bad-truancy", "多次旷课、逃学", LAW_28),
    ("bad", "bad-overnight", "无故夜不归宿、离家出走", LAW_28),
    ("bad", "bad-internet", "沉迷网络", LAW_28),
    ("bad", "bad-company", "与社会上具有不良习性的人交往，组织或者参加实施不良行为的团伙", LAW_28),
    ("bad", "bad-venues", "进入法律法规规定未成年人不宜进入的场所", LAW_28),
    ("bad", "bad-gambling", "参与赌博、变相赌博，或者参加封建迷信、邪教等活动", LAW_28),
    ("bad", "bad-media", "阅览、观看或者收听宣扬淫秽、色情、暴力、恐怖、极端等内容的读物、音像制品或者网络信息", LAW_28),
    ("bad", "bad-other", "其他不利于未成年人身心健康成长的不良行为", LAW_28),
    ("serious", "serious-affray", "结伙斗殴，追逐、拦截他人，强拿硬要或者任意损毁、占用公私财物等寻衅滋事行为", LAW_38),
    ("serious", "serious-weapons", "非法携带枪支、弹药或者弩、匕首等国家规定的管制器具", LAW_38),
    ("serious", "serious-assault", "殴打、辱骂、恐吓，或者故意伤害他人身体", LAW_38),
    ("serious", "serious-theft", "盗窃、哄抢、抢夺或者故意损毁公私财物", LAW_38),
    ("serious", "serious-obscene", "传播淫秽的读物、音像制品或者信息等", LAW_38),
    ("serious", "serious-drugs", "吸食、注射毒品，或者向他人提供毒品", LAW_38),
    ("serious", "serious-gambling", "参与赌博赌资较大", LAW_38),
    ("serious", "serious-other", "其他严重危害社会的行为", LAW_38),
    ("psych", "psych-risk", "心理危机或精神障碍风险（按 0–5 级评估）", PSYCH),
    ("psych", "psych-selfharm", "自伤、自杀倾向", PSYCH),
    ("family", "family-left-behind", "留守、困境儿童", SEED),
    ("family", "family-divorce", "家庭变故（离异、重病、亡故）", SEED),
    ("family", "family-violence", "家庭暴力或监护缺失", SEED),
    ("conflict", "conflict-parent", "家长与学校存在矛盾，有过激言行", SEED),
    ("conflict", "conflict-staff", "教职工与学校存在矛盾或有极端情绪", SEED),
    ("conflict", "conflict-outsider", "校外人员与学校存在纠纷、扬言报复", SEED),
]


def add_defaults(apps, schema_editor):
    rules = apps.get_model("casework", "CaseworkRules")
    retention = apps.get_model("casework", "RetentionRule")
    category = apps.get_model("casework", "ConcernCategory")
    if not rules.objects.filter(org=None).exists():
        rules.objects.create(
            org=None,
            name="默认个案规则",
            source=RULES_SOURCE,
            grant_hours=72,
            concern_review_days=30,
            police_from_psych_risk=3,
        )
    if not retention.objects.filter(org=None, ledger="concern").exists():
        retention.objects.create(
            org=None,
            ledger="concern",
            days_after_close=3 * 365,
            action="anonymise",
            source=RETENTION_SOURCE,
        )
    for order, (group, code, name, source) in enumerate(CATEGORIES):
        category.objects.get_or_create(
            code=code, defaults={"group": group, "name": name, "source": source, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
