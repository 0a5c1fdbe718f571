"""The staffing rule sets a bureau chooses from (rules.md §1, rules-next.md §2), each with its
source and what in it is not confirmed. GB/T 29315-2022 is the default."""

from django.db import migrations

RULE_SETS = [
    {
        "code": "gbt-29315-2022",
        "name": "GB/T 29315-2022 中小学、幼儿园安全防范要求",
        "standard": "GB/T 29315-2022",
        "source": "GB/T 29315-2022（市场监管总局/新华社 2022-05-31 报道；重庆保安协会解读）；"
        "保安服务管理条例 §16（保安员年满18周岁）",
        "unsure": "100–999名学生一档未见原文，暂按2名；寄宿生规定未见，寄宿生不计",
        "is_default": True,
        "count_boarders": False,
        "bands": [[100, 1], [1000, 2]],
        "above_from": 1000,
        "above_base": 3,
        "step": 500,
        "rounding": "full",
        "boarders_step": 0,
        "kindergarten_min": 0,
        "min_age": 18,
        "max_age": None,
        "kindergarten_max_age": None,
        "certificate_required": True,
        "health_check_months": 12,
    },
    {
        "code": "municipal-seed-003",
        "name": "市级规定：500人以内至少2名（seed 003），幼儿园门卫≥2名、≤55岁（seed 004）",
        "standard": "市教育局规定",
        "source": "seed 003（规模在500人以内的学校至少配备两名安全保卫人员；500至1000人至少三名；"
        "1000人以上按不低于新增加学生数的2‰）；seed 004（每所幼儿园至少2名门卫，年龄不超过55岁）",
        "unsure": "原文印作“2%”，按2‰理解（1000人以上每增加500人（不足500按500计）增1名）",
        "is_default": False,
        "count_boarders": True,
        "bands": [[501, 2], [1001, 3]],
        "above_from": 1000,
        "above_base": 3,
        "step": 500,
        "rounding": "started",
        "boarders_step": 0,
        "kindergarten_min": 2,
        "min_age": 18,
        "max_age": None,
        "kindergarten_max_age": 55,
        "certificate_required": True,
        "health_check_months": 12,
    },
    {
        "code": "hubei",
        "name": "湖北：至少2名，1000人以上每500人增1名，寄宿每200人增1名",
        "standard": "湖北省地方规定",
        "source": "湖北省学校保安配备要求（qq94.com/fjx/11VLd4.html，转引）",
        "unsure": "转引页面，未见正式文号",
        "is_default": False,
        "count_boarders": False,
        "bands": [[1000, 2]],
        "above_from": 1000,
        "above_base": 2,
        "step": 500,
        "rounding": "full",
        "boarders_step": 200,
        "kindergarten_min": 2,
        "min_age": 25,
        "max_age": 55,
        "kindergarten_max_age": None,
        "certificate_required": True,
        "health_check_months": 12,
    },
]


def add_defaults(apps, schema_editor):
    rule_set = apps.get_model("defences", "StaffingRuleSet")
    for values in RULE_SETS:
        rule_set.objects.get_or_create(code=values["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("defences", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
