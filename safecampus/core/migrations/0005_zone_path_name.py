from django.db import migrations, models

SEPARATOR = " › "


def fill_zone_paths(apps, schema_editor):
    # Top-down from the top-level zones: a zone's path is its parent's path and its name.
    Zone = apps.get_model("core", "Zone")
    zones = list(Zone.objects.only("pk", "parent_id", "name"))
    children = {}
    for zone in zones:
        children.setdefault(zone.parent_id, []).append(zone)
    level = [(zone, "") for zone in children.get(None, [])]
    while level:
        below = []
        for zone, parent_path in level:
            zone.path_name = f"{parent_path}{SEPARATOR}{zone.name}" if parent_path else zone.name
            below.extend((child, zone.path_name) for child in children.get(zone.pk, []))
        level = below
    Zone.objects.bulk_update(zones, ["path_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_apitoken_expires_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="zone",
            name="path_name",
            field=models.CharField(
                default="", editable=False, max_length=300, verbose_name="full path"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_zone_paths, migrations.RunPython.noop, elidable=True),
    ]
