"""The technical system types schools choose from, with the test interval of each as rule data
(rules.md §1: Changzhou checks its 技防 monthly, Yiwu tests the one-key alarm each quarter: city
examples, not national figures), and each rule set's video retention (≥30 days after
GB/T 29315-2012 and the provinces; the 2022 text's figure not confirmed)."""

from django.db import migrations

CHANGZHOU = "常州：技防设施每月检查，故障24小时内修复（常教安〔2017〕3号，转引）"
YIWU = "义乌：一键报警每季度测试一次，测试前报备公安（news.zgyww.cn 2016-04-18）"
CITY = "一地做法，非国家标准"
TYPES = [
    ("video", "视频监控系统", 30, True, False, CHANGZHOU + "；山东省学校安全条例 §25（网上巡查）", CITY),
    ("intrusion", "入侵和周界报警", 30, False, False, CHANGZHOU, CITY),
    ("access", "出入口控制（门禁）", 30, False, False, CHANGZHOU, CITY),
    ("alarm-box", "一键式紧急报警装置", 90, False, True, YIWU, CITY),
]
RETENTION_SOURCE = (
    "GB/T 29315-2012：视频实时记录，保存不少于30天（转引 m.tftnews.com/news2578006）；"
    "辽宁、福建等地规定同为不少于30天"
)
RETENTION_UNSURE = "GB/T 29315-2022 原文的保存天数未确认，沿用2012版的30天"


def add_types(apps, schema_editor):
    kind = apps.get_model("defences", "SystemType")
    for position, (code, name, days, video, box, source, unsure) in enumerate(TYPES):
        kind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "test_every_days": days,
                "is_video": video,
                "is_alarm_box": box,
                "source": source,
                "unsure": unsure,
                "position": position,
            },
        )
    rule_sets = apps.get_model("defences", "StaffingRuleSet")
    rule_sets.objects.filter(video_retention_source="").update(
        video_retention_days=30,
        video_retention_source=RETENTION_SOURCE,
        video_retention_unsure=RETENTION_UNSURE,
    )


class Migration(migrations.Migration):
    dependencies = [("defences", "0007_def3_systems")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
