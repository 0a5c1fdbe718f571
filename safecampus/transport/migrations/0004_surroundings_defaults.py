"""The default surroundings rules: problem types with their distances and departments, and one
joint inspection a semester (rules-next.md §5; seeds 000 and 004)."""

from django.db import migrations

LAW = "未保法 §58–§59（未设距离）"
TYPES = [
    # code, name, radius (m, None: no distance set), measured, department, source
    ("internet_cafe", "网吧", 200, "straight", "文旅、公安",
     "互联网上网服务营业场所管理条例 §9（中小学校园周围200米）"),
    ("entertainment", "娱乐场所、酒吧、游戏厅", 200, "straight", "文旅、公安",
     LAW + "；北京未保条例 §29、上海 §44、浙江 §37：200米"),
    ("tobacco", "烟草销售点", 100, "straight", "烟草专卖、市场监管",
     LAW + "；北京未保条例 §29：100米"),
    ("alcohol_lottery", "酒类、彩票销售", None, "straight", "市场监管、民政、体育",
     LAW + "；距离由有关部门规定"),
    ("food_stall", "无证食品摊贩", 50, "straight", "市场监管、城管",
     "山西评分表：校门两侧50米内无摊点；宁波未保条例 §27；种子000（“三无”食品）"),
    ("stall_building", "占道摊点、违章建筑", None, "straight", "城管、综合执法",
     "宁波未保条例 §27：校门前后不得设市场摊点"),
    ("traffic", "交通秩序（乱停车、黑出租）", 150, "straight", "公安交警",
     "GA/T 1215-2014（校园周边道路≥150米）；GB 5768.8-2018；种子004（黑出租）"),
    ("construction", "建筑施工", None, "straight", "住建、城管", "种子000"),
    ("publications", "非法出版物、音像摊点", 200, "straight", "文旅（新闻出版）",
     "种子000（书报音像摊点，200米内清理）"),
    ("rental_housing", "出租房、群租房", None, "straight", "公安（派出所）", "种子004"),
]  # fmt: skip


def add_defaults(apps, schema_editor):
    kinds = apps.get_model("transport", "ProblemType")
    rules = apps.get_model("transport", "SurroundingsRules")
    if not kinds.objects.filter(org=None).exists():
        for position, (code, name, radius, measured, department, source) in enumerate(TYPES):
            kinds.objects.create(
                org=None,
                code=code,
                name=name,
                radius_m=radius,
                measured=measured,
                department=department,
                source=source,
                position=position,
            )
    if not rules.objects.filter(org=None).exists():
        rules.objects.create(
            org=None,
            name="联合检查频次",
            source="宁波做法：每学期至少一次周边联合检查（issue 18 所引，待核对原文）；种子000",
            joint_per_semester=1,
        )


class Migration(migrations.Migration):
    dependencies = [("transport", "0003_surroundings")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
