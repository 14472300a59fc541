"""Second step: orders no longer reference roadmaps (the foreign key and the M2M through it go).

A separate migration (its own transaction on PostgreSQL), so the rows updated in 0002 have no pending
trigger events when the table is altered.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_orderappendix_source"),
    ]

    operations = [
        migrations.RemoveField(model_name="order", name="roadmaps"),
        migrations.RemoveConstraint(model_name="orderappendix", name="order_appendix_unique_roadmap"),
        migrations.RemoveField(model_name="orderappendix", name="roadmap"),
        migrations.AlterField(
            model_name="orderappendix",
            name="source_kind",
            field=models.CharField(max_length=64, verbose_name="вид приложения"),
        ),
        migrations.AlterField(
            model_name="orderappendix",
            name="source_id",
            field=models.PositiveBigIntegerField(verbose_name="документ"),
        ),
        migrations.AlterField(
            model_name="orderappendix",
            name="order",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="appendices", to="orders.order"
            ),
        ),
        migrations.AlterModelOptions(
            name="orderappendix",
            options={
                "ordering": ["order", "position"],
                "verbose_name": "приложение",
                "verbose_name_plural": "приложения",
            },
        ),
        migrations.AlterModelTable(name="orderappendix", table="orders_orderappendix"),
        migrations.AddIndex(
            model_name="orderappendix",
            index=models.Index(fields=["source_kind", "source_id"], name="order_appendix_source"),
        ),
        migrations.AddConstraint(
            model_name="orderappendix",
            constraint=models.UniqueConstraint(
                fields=("order", "source_kind", "source_id"), name="order_appendix_unique_source"
            ),
        ),
    ]
