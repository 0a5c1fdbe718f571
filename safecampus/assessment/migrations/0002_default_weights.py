"""The default weights of the ranking of schools: what a bureau reads until it sets its own.

Overdue hazards weigh most (a deadline the school has let pass), then open major hazards and
the share of this month's hazards closed, then the day's checks and the patrol rounds done.
"""

from django.db import migrations

DEFAULTS = {
    "hazards.overdue": 30,
    "hazards.major_open": 20,
    "hazards.closure_rate": 20,
    "checks.completion": 15,
    "patrols.completion": 15,
}


def add_defaults(apps, schema_editor):
    weight = apps.get_model("assessment", "CockpitWeight")
    for key, value in DEFAULTS.items():
        weight.objects.get_or_create(org=None, metric=key, defaults={"weight": value})


def remove_defaults(apps, schema_editor):
    apps.get_model("assessment", "CockpitWeight").objects.filter(org=None).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
