"""The equipment list schools choose types from, with the figures of rules-next.md §2: guard gear
from local lists (no national list; no quantities shipped as defaults), extinguishers after
GB 50444-2008 as quoted."""

from django.db import migrations

GB50444 = "GB 50444-2008（转引：56tv.org 2022-08-27；nanohome.cn）"
LOCAL = "地方配备清单：辽宁、成都“九件”（hnr.cn 2014-10-14）、seed 003"
TYPES = [
    ("steel-fork", "钢叉", 0, None, None, None, LOCAL, ""),
    ("shield", "盾牌", 0, None, None, None, LOCAL, ""),
    ("rubber-baton", "橡胶警棍", 0, None, None, None, LOCAL, ""),
    ("stab-vest", "防刺服", 0, None, None, None, LOCAL, ""),
    ("cut-gloves", "防割手套", 0, None, None, None, LOCAL, ""),
    ("helmet", "头盔", 0, None, None, None, LOCAL, ""),
    ("torch", "强光手电", 0, None, None, None, LOCAL, ""),
    ("radio", "对讲机", 0, None, None, None, LOCAL, ""),
    ("pepper-spray", "辣椒喷雾", 0, None, None, None, LOCAL, "有效期以产品标注为准"),
    ("extinguisher-powder", "干粉灭火器", 30, 5, 2, 10, GB50444, "转引，未见标准原文"),
    ("extinguisher-co2", "二氧化碳灭火器", 30, 5, 2, 12, GB50444, "转引，未见标准原文"),
    ("extinguisher-water", "水基型灭火器", 30, 3, 1, 6, GB50444, "转引，未见标准原文"),
    ("emergency-light", "应急照明灯", 30, None, None, None, "本地配置", "未见出处：检查间隔暂按每月"),
]


def add_types(apps, schema_editor):
    kind = apps.get_model("defences", "EquipmentType")
    for position, (code, name, check, first, every, life, source, unsure) in enumerate(TYPES):
        kind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "check_days": check,
                "first_service_years": first,
                "service_every_years": every,
                "life_years": life,
                "source": source,
                "unsure": unsure,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("defences", "0004_equipment")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
