"""The directory's models now belong to the `directory` app (same tables): references follow.

State only: the tables and their foreign keys do not change in the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('orders', '0005_remove_order_preview_and_signature_fields'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='numbersequence',
                    name='issuer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.organization', verbose_name='издатель'),
                ),
                migrations.AlterField(
                    model_name='order',
                    name='issuer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='directory.organization', verbose_name='издатель'),
                ),
                migrations.AlterField(
                    model_name='order',
                    name='signatory',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='orders_to_sign', to='directory.person', verbose_name='подписывает'),
                ),
                migrations.AlterField(
                    model_name='orderapproval',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.person', verbose_name='согласующий'),
                ),
                migrations.AlterField(
                    model_name='ordersettings',
                    name='issuer',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='order_settings', to='directory.organization', verbose_name='издатель'),
                ),
    
            ],
            database_operations=[],
        ),
    ]
