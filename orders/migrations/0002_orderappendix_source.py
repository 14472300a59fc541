"""OrderAppendix points at its source generically: roadmap_id → (source_kind, source_id).

First step: the new columns, filled from the roadmap foreign key (kept for now, see 0003). One plain
UPDATE, so it runs the same on SQLite and PostgreSQL and on any number of rows.
"""

from django.db import migrations, models
from django.db.models import F

ROADMAP_KIND = "roadmaps.roadmap"


def copy_roadmap_to_source(apps, schema_editor):
    OrderAppendix = apps.get_model("orders", "OrderAppendix")
    OrderAppendix.objects.update(source_kind=ROADMAP_KIND, source_id=F("roadmap_id"))


def copy_source_to_roadmap(apps, schema_editor):
    OrderAppendix = apps.get_model("orders", "OrderAppendix")
    OrderAppendix.objects.exclude(source_kind=ROADMAP_KIND).delete()
    OrderAppendix.objects.update(roadmap_id=F("source_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderappendix",
            name="source_kind",
            field=models.CharField(default="", max_length=64, verbose_name="вид приложения"),
        ),
        migrations.AddField(
            model_name="orderappendix",
            name="source_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="документ"),
        ),
        migrations.RunPython(copy_roadmap_to_source, copy_source_to_roadmap),
    ]
