from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0003_campaigns"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="supervisionvisit",
            index=models.Index(
                fields=["school", "status", "-planned_on"], name="svisit_school_status_day"
            ),
        ),
    ]
