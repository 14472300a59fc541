"""The directory's models now belong to the `directory` app (same tables): references follow.

State only: the tables and their foreign keys do not change in the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('associations', '0002_initial'),
        ('contests', '0002_directory_models'),
        ('directory', '0002_role_scope'),
        ('orders', '0006_directory_models'),
        ('roadmaps', '0006_directory_models'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='organization',
                    name='head',
                ),
                migrations.RemoveField(
                    model_name='role',
                    name='organization',
                ),
                migrations.AlterField(
                    model_name='association',
                    name='organization',
                    field=models.ForeignKey(help_text='Школа для ШМО, методический кабинет для РМО.', on_delete=django.db.models.deletion.PROTECT, related_name='associations', to='directory.organization', verbose_name='организация'),
                ),
                migrations.RemoveField(
                    model_name='person',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='person',
                    name='subjects',
                ),
                migrations.RemoveField(
                    model_name='person',
                    name='user',
                ),
                migrations.AlterField(
                    model_name='association',
                    name='head',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='headed_associations', to='directory.person', verbose_name='руководитель'),
                ),
                migrations.RemoveField(
                    model_name='role',
                    name='association',
                ),
                migrations.RemoveField(
                    model_name='role',
                    name='contest',
                ),
                migrations.RemoveField(
                    model_name='role',
                    name='user',
                ),
                migrations.AlterField(
                    model_name='association',
                    name='subjects',
                    field=models.ManyToManyField(blank=True, to='directory.subject', verbose_name='предметы'),
                ),
                migrations.DeleteModel(
                    name='DirectoryImport',
                ),
                migrations.DeleteModel(
                    name='Organization',
                ),
                migrations.DeleteModel(
                    name='Subject',
                ),
                migrations.DeleteModel(
                    name='Person',
                ),
                migrations.DeleteModel(
                    name='Role',
                ),
    
            ],
            database_operations=[],
        ),
    ]
