"""The situations that must be reported (高检发〔2020〕9号《关于建立侵害未成年人案件强制报告制度的
意见（试行）》 §4, rules.md §5) and the retention of the log. The law says "立即" (未保法 §11) and sets
no figure: 60 minutes is this product's default, kept as data so that a bureau may set its own."""

from django.db import migrations

OPINION = "高检发〔2020〕9号 §4 (haicheng.gov.cn/html/HCS/202203/0165508277555898.html)"
AT_ONCE = "; 未保法 §11 '应当立即'; 60 分钟为默认值, 可按本地规定调整"
TRIGGERS = [
    ("private-injury", "生殖器官或隐私部位遭受或疑似遭受非正常损伤"),
    ("girl-under-14", "不满十四周岁的女性遭受或疑似遭受性侵害、怀孕、流产"),
    ("girl-14-plus", "十四周岁以上女性遭受或疑似遭受性侵害所致怀孕、流产"),
    ("abuse-signs", "身体多处损伤、严重营养不良、意识不清，存在或疑似存在家庭暴力、欺凌、虐待、殴打或被人麻醉"),
    ("unnatural-harm", "因自杀、自残、工伤、中毒、被人麻醉、殴打等非正常原因导致伤残、死亡"),
    ("abandoned", "被遗弃或长期处于无人照料状态"),
    ("trafficked", "来源不明、失踪或者被拐卖、收买"),
    ("begging", "被组织乞讨"),
    ("other-serious", "其他严重侵害身心健康的情形，或正在面临不法侵害危险"),
]
RETENTION = "个人信息保护法 §19 (最短必要期限), §55–§56 (记录至少保存三年)"


def add_defaults(apps, schema_editor):
    trigger = apps.get_model("casework", "MandatoryTrigger")
    retention = apps.get_model("casework", "RetentionRule")
    for order, (code, name) in enumerate(TRIGGERS):
        trigger.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "report_minutes": 60,
                "source": OPINION + AT_ONCE,
                "order": order,
            },
        )
    retention.objects.get_or_create(
        org=None,
        ledger="mandatory",
        defaults={"days_after_close": 1095, "action": "anonymise", "source": RETENTION},
    )


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_case2_mandatory")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
