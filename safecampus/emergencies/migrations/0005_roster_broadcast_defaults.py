"""The default broadcast instructions per alarm kind (org empty): a bureau or a school keeps
its own rows beside them. The wording is SafeCampus's suggestion, not a national text."""

from django.db import migrations

SOURCE = "默认措辞（SafeCampus 建议，非国家规定）；教育局或学校可按本地预案改写"
DEFAULTS = {
    "intrusion": (
        "封闭校门；锁好教室门，关灯拉窗帘；学生远离门窗、蹲低、保持安静，手机静音。"
        "不要开门，等待解除通知。"
    ),
    "fire": (
        "按疏散路线有序撤离到集合点：捂住口鼻、低姿前进，不乘电梯，不返回取物。"
        "到集合点后各班立即点名。"
    ),
    "medical": "现场人员施救并拨打120；其他班级留在教室，保持走廊和楼梯通畅。",
    "stampede": "立即停止上下楼，原地靠墙站稳，不要推挤；听从老师指挥分批疏散。",
    "other": "留在原地，听从老师指挥，等待进一步通知。",
}


def add(apps, schema_editor):
    BroadcastRule = apps.get_model("emergencies", "BroadcastRule")
    for kind, message in DEFAULTS.items():
        BroadcastRule.objects.get_or_create(
            org=None, kind=kind, defaults={"message": message, "source": SOURCE}
        )


def remove(apps, schema_editor):
    apps.get_model("emergencies", "BroadcastRule").objects.filter(org=None).delete()


class Migration(migrations.Migration):
    dependencies = [("emergencies", "0004_roster_broadcast_rules")]

    operations = [migrations.RunPython(add, remove)]
