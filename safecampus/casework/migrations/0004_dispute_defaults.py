"""The default types and levels of dispute and their retention (rules-next.md §4). School
practice, not national thresholds: each row says where it comes from, and a school may change
them."""

from django.db import migrations

PRACTICE = "学校矛盾纠纷排查化解工作通行做法 (rules-next.md §4)"
SEED = "seed 001 (矛盾纠纷台账, 分类分级)"

TYPES = [
    ("school-society", "学校与社会（周边单位、居民）", PRACTICE),
    ("school-parents", "学校与家长", PRACTICE),
    ("teacher-student", "师生之间", PRACTICE),
    ("student-student", "学生之间", PRACTICE),
    ("staff", "教职工之间", PRACTICE),
]
# code, name, rank, settle days, leaders told within minutes, leader takes it on, bureau on
# overdue. "小矛盾不出班，重大矛盾不出校"; major ones 校领导包案 and reported within an hour.
LEVELS = [
    ("minor", "一般", 1, 15, None, False, False, PRACTICE),
    ("serious", "较大", 2, 10, 240, False, False, PRACTICE),
    ("major", "重大", 3, 7, 60, True, True, PRACTICE + "; 重大隐患 1 小时内报告"),
]
RETENTION_SOURCE = (
    "个人信息保护法 §19 (最短必要期限), §55–§56 (记录至少保存三年); 一事一档, 结案后保存年限可按本地规定调整"
)


def add_defaults(apps, schema_editor):
    dispute_type = apps.get_model("casework", "DisputeType")
    level = apps.get_model("casework", "DisputeLevel")
    retention = apps.get_model("casework", "RetentionRule")
    for order, (code, name, source) in enumerate(TYPES):
        dispute_type.objects.get_or_create(
            code=code, defaults={"name": name, "source": source, "order": order}
        )
    for code, name, rank, days, minutes, leader, bureau, source in LEVELS:
        level.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "rank": rank,
                "settle_days": days,
                "report_minutes": minutes,
                "leader_takes_on": leader,
                "bureau_on_overdue": bureau,
                "source": source,
            },
        )
    if not retention.objects.filter(org=None, ledger="dispute").exists():
        retention.objects.create(
            org=None,
            ledger="dispute",
            days_after_close=3 * 365,
            action="anonymise",
            source=RETENTION_SOURCE,
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_disputes")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
