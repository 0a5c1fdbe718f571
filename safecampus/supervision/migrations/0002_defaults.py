"""The default rules and the five campaign stages every bureau starts from (rules-next.md §1)."""

from django.db import migrations

RULES_SOURCE = "教育督导条例 §14, §16; seed 003 (每周督察不少于两所)"
STAGE_SOURCE = "seed 000 (专项整治行动实施方案: 五个阶段)"

HAZARDS_FOUND = {"key": "hazards_found", "label": "排查隐患数"}
HAZARDS_FIXED = {"key": "hazards_fixed", "label": "已整改隐患数"}
FUNDS = {"key": "funds", "label": "投入整改资金（元）"}

STAGES = [
    (1, "部署动员", 7, "召开动员会，成立领导小组，印发实施方案，明确任务和责任。", False, True, False, []),
    (2, "自查自纠", 21, "全面排查，建立隐患台账，明确整改时限和措施。", True, True, False, [HAZARDS_FOUND]),
    (3, "集中整治", 30, "对照台账逐项整改到位，上报整改进度和照片。", False, True, True, [HAZARDS_FOUND, HAZARDS_FIXED, FUNDS]),
    (4, "联合督查", 14, "配合联合督查：主体责任落实、隐患和应急措施、整改情况。", False, True, False, []),
    (5, "总结验收", 14, "“回头看”，报送总结报告，迎接验收。", False, True, False, [HAZARDS_FOUND, HAZARDS_FIXED]),
]


def add_defaults(apps, schema_editor):
    rules = apps.get_model("supervision", "SupervisionRules")
    preset = apps.get_model("supervision", "StagePreset")
    if not rules.objects.filter(org=None).exists():
        rules.objects.create(
            org=None,
            name="默认督导规则",
            source=RULES_SOURCE,
            visits_per_inspector_week=2,
            visits_per_school_semester=2,
            comprehensive_min_inspectors=3,
            reminder_days=2,
        )
    if not preset.objects.filter(org=None).exists():
        for position, name, days, text, checklist, report, photos, figures in STAGES:
            preset.objects.create(
                org=None,
                position=position,
                name=name,
                days=days,
                instructions=text,
                needs_checklist=checklist,
                needs_report=report,
                needs_photos=photos,
                figures=figures,
                source=STAGE_SOURCE,
            )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
