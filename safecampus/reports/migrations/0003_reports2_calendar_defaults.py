"""The safety calendar's default rules every bureau starts from: the reminder lead time and the
seasonal inspections of rules.md §6. A bureau may keep its own rows."""

from django.db import migrations

BYLAW = "rules.md §6 (◐ 中小学幼儿园安全管理办法 §39)"

# name, anchor, month, day, offset days, lead days, source
TASKS = [
    ("开学安全检查", "term_start", None, None, 0, 7, BYLAW),
    ("放假前安全教育及告家长书（防溺水、交通、消防）", "term_end", None, None, 7, 7, BYLAW),
    ("汛期前安全检查（防汛、防雷、防地质灾害预案）", "date", 4, 20, 0, 7,
     "rules.md §6 (◐ 教基一厅〔2009〕5号; 汛期约5–9月，因地而异，由教育局调整)"),
    ("冬季用电线路及取暖设施检查", "date", 11, 1, 0, 7,
     "rules.md §6 (11月消防宣传月，⚠ 凭记忆; 由教育局调整)"),
]  # fmt: skip


def add(apps, schema_editor):
    rules = apps.get_model("reports", "CalendarRules")
    task = apps.get_model("reports", "SeasonalTask")
    rules.objects.create(
        org=None,
        name="默认安全工作序列表规则",
        lead_days=3,
        source="SafeCampus 默认值，非国家规定：教育局可设定自己的提前天数",
    )
    for name, anchor, month, day, offset, lead, source in TASKS:
        task.objects.create(
            org=None,
            name=name,
            anchor=anchor,
            month=month,
            day=day,
            offset_days=offset,
            lead_days=lead,
            source=source,
        )


def remove(apps, schema_editor):
    apps.get_model("reports", "SeasonalTask").objects.filter(org=None).delete()
    apps.get_model("reports", "CalendarRules").objects.filter(org=None).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_reports2_calendar")]

    operations = [migrations.RunPython(add, remove)]
