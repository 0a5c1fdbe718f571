"""Veto items matched against the records: a figure and the years looked back. The starter's
casualty item is matched by the incidents with people hurt, its concealment item by the
incidents never reported to a bureau (the inspector still judges and applies the veto)."""

from django.db import migrations, models

MATCHES = {2: "incidents.injuries", 6: "incidents.unreported"}


def match_the_starter(apps, schema_editor):
    veto_model = apps.get_model("assessment", "VetoItem")
    for position, metric in MATCHES.items():
        veto_model.objects.filter(version__scheme__org=None, position=position).update(
            metric=metric, years=1
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_assess_starter_scheme"),
    ]

    operations = [
        migrations.AddField(
            model_name="vetoitem",
            name="metric",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="matched by the figure"
            ),
        ),
        migrations.AddField(
            model_name="vetoitem",
            name="years",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="years looked back"),
        ),
        migrations.RunPython(match_the_starter, migrations.RunPython.noop),
    ]
