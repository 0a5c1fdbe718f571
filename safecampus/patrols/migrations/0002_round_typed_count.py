from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_typed(apps, schema_editor):
    """Rounds walked before the count existed: checkpoints typed and never scanned."""
    Round = apps.get_model("patrols", "Round")
    Scan = apps.get_model("patrols", "Scan")
    scanned = Scan.objects.filter(round=OuterRef(OuterRef("pk")), method="qr").values(
        "checkpoint"
    )
    typed = (
        Scan.objects.filter(round=OuterRef("pk"), method="code")
        .exclude(checkpoint__in=Subquery(scanned))
        .values("round")
        .annotate(n=Count("checkpoint", distinct=True))
        .values("n")
    )
    rounds = Round.objects.filter(pk__in=Scan.objects.filter(method="code").values("round"))
    rounds.update(typed_count=Coalesce(Subquery(typed), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("patrols", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="typed_count",
            field=models.PositiveSmallIntegerField(db_default=0, default=0),
        ),
        migrations.RunPython(count_typed, migrations.RunPython.noop, elidable=True),
    ]
