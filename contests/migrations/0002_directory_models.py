"""The directory's models now belong to the `directory` app (same tables): references follow.

State only: the tables and their foreign keys do not change in the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contests', '0001_initial'),
        ('directory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='contest',
                    name='organizer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contests', to='directory.organization', verbose_name='организатор'),
                ),
    
            ],
            database_operations=[],
        ),
    ]
