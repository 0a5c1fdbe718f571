"""Links of 技防 alarm boxes to the emergencies module's devices, the entrance-closing system
types, and the places video must cover per rule set (the "four 100%" figures)."""

from django.db import migrations, models


# GB/T 29315-2022 configuration table (draft, Table A.1, rules.md §1): video 应 at the gate
# (outside it, the main entrance, the gatehouse), the outdoor assembly area, dormitory
# entrances, the canteen, the laboratory and dangerous-goods store; kindergarten rooms too,
# which the grid has no kind for.
VIDEO_PLACES = ["gate", "sports_ground", "dormitory", "canteen", "laboratory"]
VIDEO_SOURCE = (
    "GB/T 29315-2022 征求意见稿 表A.1：学校大门外、主出入口、门卫室、室外集中活动区、"
    "宿舍楼出入口、食堂、实验室视频监控“应”配置（360docs.net/doc/0011907226.html）"
)
VIDEO_UNSURE = "据征求意见稿，正式文本未核对；幼儿园活动室、寝室无对应场所类型"


def fill(apps, schema_editor):
    apps.get_model("defences", "SystemType").objects.filter(
        code__in=["intrusion", "access"]
    ).update(closes_entry=True)
    apps.get_model("defences", "StaffingRuleSet").objects.filter(video_places=[]).update(
        video_places=VIDEO_PLACES,
        video_places_source=VIDEO_SOURCE,
        video_places_unsure=VIDEO_UNSURE,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("defences", "0009_def3_roster"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffingruleset",
            name="video_places",
            field=models.JSONField(
                blank=True, default=list, verbose_name="places video must cover"
            ),
        ),
        migrations.AddField(
            model_name="staffingruleset",
            name="video_places_source",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="source of the places video must cover"
            ),
        ),
        migrations.AddField(
            model_name="staffingruleset",
            name="video_places_unsure",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="places video must cover, not confirmed"
            ),
        ),
        migrations.AddField(
            model_name="systemtype",
            name="closes_entry",
            field=models.BooleanField(default=False, verbose_name="keeps an entrance closed"),
        ),
        migrations.AddField(
            model_name="techsystem",
            name="alarm_device_id",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="alarm device"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
