"""The default school-bus rules every bureau starts from (rules-next.md §5, rules.md §4)."""

from django.db import migrations

SOURCE = "校车安全管理条例 §20（每半年技术检验）、§21（随车配备）、§23（驾驶人25至60周岁、3年以上驾龄）、§26（每年审验）；未保法 §62（每年查询）"
EQUIPMENT = ["逃生锤", "干粉灭火器", "急救箱"]


def add_defaults(apps, schema_editor):
    rules = apps.get_model("transport", "BusRules")
    if not rules.objects.filter(org=None).exists():
        rules.objects.create(
            org=None,
            name="校车安全管理条例",
            source=SOURCE,
            inspection_months=6,
            driver_min_age=25,
            driver_max_age=60,
            driving_years=3,
            reexam_months=12,
            background_months=12,
            equipment=EQUIPMENT,
        )


class Migration(migrations.Migration):
    dependencies = [("transport", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
