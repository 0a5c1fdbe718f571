"""The default time limits of the bullying procedure and the retention of its cases
(rules-next.md §4). The appeal and review limits are commonly quoted but unconfirmed: a school
or bureau changes them with its own row."""

from django.db import migrations

ACCEPT = "首问负责 (2024 教育部防治欺凌专项行动); 受理时限为本地做法, 可按规定调整"
INVESTIGATE = "《加强中小学生欺凌综合治理方案》(教督〔2017〕10号): 启动调查处理后 10 日内; 山东省学校安全条例 §47: 发现后 10 日内"
APPEAL = "教督〔2017〕10号: 对认定或处理不服可向县级防治学生欺凌工作部门申请复查; 5 日为常见引用, 未经核实"
REVIEW = "教督〔2017〕10号: 复查; 15 日为常见引用, 未经核实"
RETENTION = "个人信息保护法 §19 (最短必要期限), §55–§56 (记录至少保存三年); 一事一档 (2018 专门档案)"


def add_defaults(apps, schema_editor):
    rules = apps.get_model("casework", "BullyingRules")
    retention = apps.get_model("casework", "RetentionRule")
    rules.objects.get_or_create(
        org=None,
        defaults={
            "name": "国家与通行做法",
            "accept_days": 1,
            "accept_source": ACCEPT,
            "investigate_days": 10,
            "investigate_source": INVESTIGATE,
            "appeal_days": 5,
            "appeal_source": APPEAL,
            "review_days": 15,
            "review_source": REVIEW,
        },
    )
    retention.objects.get_or_create(
        org=None,
        ledger="bullying",
        defaults={"days_after_close": 1095, "action": "anonymise", "source": RETENTION},
    )


class Migration(migrations.Migration):
    dependencies = [("casework", "0005_case2_bullying")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
