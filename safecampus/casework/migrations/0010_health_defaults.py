"""How long a closed health note is kept: one year after it was closed (the student left, or
the condition no longer applies), then anonymised. PIPL §19 asks for the shortest period the
purpose needs; one year is this product's default, kept as data so that a bureau may set its
own."""

from django.db import migrations

RETENTION = "个人信息保护法 §19 (最短必要期限), §28 (敏感个人信息: 医疗健康); 一年为默认值"


def add_defaults(apps, schema_editor):
    retention = apps.get_model("casework", "RetentionRule")
    retention.objects.get_or_create(
        org=None,
        ledger="health",
        defaults={"days_after_close": 365, "action": "anonymise", "source": RETENTION},
    )


class Migration(migrations.Migration):
    dependencies = [("casework", "0009_health_notes")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
