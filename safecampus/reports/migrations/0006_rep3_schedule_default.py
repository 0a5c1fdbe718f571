"""The default schedule of the risk assessment report: once a semester (every 6 months), from
one district's plan (rules.md §2, ◐): to be confirmed, and a bureau may keep its own row."""

from django.db import migrations

SOURCE = (
    "rules.md §2（◐ 某区方案：风险点每学期排查一次，风险清单逐级上报；m.001doc.com/doc/327251.html）"
    "；SafeCampus 默认每6个月一次，待确认，教育局可另设"
)


def add(apps, schema_editor):
    apps.get_model("reports", "ReportSchedule").objects.create(
        org=None, kind="risk", every_months=6, active=True, source=SOURCE
    )


def remove(apps, schema_editor):
    apps.get_model("reports", "ReportSchedule").objects.filter(org=None).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_rep3_pdf_schedule")]

    operations = [migrations.RunPython(add, remove)]
