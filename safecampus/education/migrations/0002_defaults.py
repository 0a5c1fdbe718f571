"""The default education programme, topic catalogue and safety calendar every bureau starts
from (rules-next.md §3, rules.md §6). A bureau may keep its own rows."""

from django.db import migrations

RULES_SOURCE = (
    "seed 003 (1530: 1/5/30 分钟; 安全课每两周一课时; 安全干部每学期培训班主任不少于2次; "
    "校长每学期1次安全形势报告); rules-next.md §3"
)
SHANDONG = "rules-next.md §3 (山东 §24 必讲专题)"

# code, name, season (months), before holidays, source
TOPICS = [
    ("traffic", "交通安全", "", False, SHANDONG),
    ("drowning", "防溺水（“六不”）", "5,6,7,8,9", True, "rules.md §6 (◐ 教育部“六不”)"),
    ("fire", "消防安全", "11,12,1,2,3", False, SHANDONG),
    ("food", "食品安全", "6,7,8,9", False, SHANDONG),
    ("electricity", "用电安全", "6,7,8", False, "rules-next.md §3"),
    ("earthquake", "防震减灾", "5", False, "rules.md §6 (全国防灾减灾日)"),
    ("flood", "防汛防雷", "6,7,8", False, "rules.md §6 (◐ 汛期, 教基一厅〔2009〕5号)"),
    ("bullying", "防欺凌", "", False, SHANDONG),
    ("fraud", "防诈骗", "", False, SHANDONG),
    ("online", "网络安全与防沉迷", "", False, SHANDONG),
    ("drugs", "禁毒", "", False, SHANDONG),
    ("mental", "心理健康", "", False, "rules-next.md §3"),
    ("rescue", "自救互救", "", False, SHANDONG),
    ("security", "国家安全", "4", False, "rules.md §6 (✅ 国家安全法 §14)"),
    ("holiday", "假期安全（出行、防溺水、防火）", "", True, "rules.md §6 (◐ 办法 §39)"),
]

# name, topic code, rule, month, day, weekday, end month, end day, source
THEMES = [
    ("全国中小学生安全教育日", "rescue", "last_weekday", 3, 1, 0, None, None,
     "rules.md §6 (◐ 1996 国家教委等7部门)"),
    ("学校安全教育周", None, "last_week", 3, 1, 0, None, None, "rules-next.md §3 (✅ 宁波 §9)"),
    ("全民国家安全教育日", "security", "date", 4, 15, 0, None, None,
     "rules.md §6 (✅ 国家安全法 §14)"),
    ("全国防灾减灾日", "earthquake", "date", 5, 12, 0, None, None, "rules.md §6 (⚠ 凭记忆)"),
    ("防溺水季", "drowning", "span", 5, 1, 0, 9, 30, "rules.md §6 (◐ 教育部“六不”)"),
    ("安全生产月", None, "span", 6, 1, 0, 6, 30, "rules.md §6 (⚠ 凭记忆)"),
    ("全国消防日", "fire", "date", 11, 9, 0, None, None, "rules.md §6 (⚠ 凭记忆)"),
    ("全国交通安全日", "traffic", "date", 12, 2, 0, None, None,
     "rules-next.md §3 (◐ 国务院 2012年11月18日批复)"),
]  # fmt: skip


def add_defaults(apps, schema_editor):
    rules = apps.get_model("education", "EducationRules")
    topic_model = apps.get_model("education", "Topic")
    theme_model = apps.get_model("education", "ThemeDay")
    if not rules.objects.filter(org=None).exists():
        rules.objects.create(
            org=None,
            name="默认安全教育规则",
            source=RULES_SOURCE,
            minutes_daily=1,
            minutes_weekend=5,
            minutes_holiday=30,
            lesson_interval_days=14,
            head_teacher_trainings=2,
            principal_reports=1,
        )
    if topic_model.objects.filter(org=None).exists():
        return
    topics = {}
    for position, (code, name, months, holidays, source) in enumerate(TOPICS):
        topics[code] = topic_model.objects.create(
            org=None,
            code=code,
            name=name,
            months=months,
            for_holidays=holidays,
            position=position,
            source=source,
        )
    for name, topic, rule, month, day, weekday, end_month, end_day, source in THEMES:
        theme_model.objects.create(
            org=None,
            name=name,
            topic=topics.get(topic),
            rule=rule,
            month=month,
            day=day,
            weekday=weekday,
            end_month=end_month,
            end_day=end_day,
            source=source,
        )


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
