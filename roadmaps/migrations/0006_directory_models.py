"""The directory's models now belong to the `directory` app (same tables): references follow.

State only: the tables and their foreign keys do not change in the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('roadmaps', '0005_roadmap_approving_order'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='progressreport',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='directory.organization', verbose_name='организация'),
                ),
                migrations.AlterField(
                    model_name='roadmap',
                    name='organization',
                    field=models.ForeignKey(help_text='Организация, которая утверждает и ведёт дорожную карту.', on_delete=django.db.models.deletion.PROTECT, related_name='roadmaps', to='directory.organization', verbose_name='организация'),
                ),
                migrations.AlterField(
                    model_name='roadmaprow',
                    name='report_schools',
                    field=models.ManyToManyField(blank=True, related_name='+', to='directory.organization', verbose_name='школы, которые отчитываются'),
                ),
                migrations.AlterField(
                    model_name='roadmaprow',
                    name='responsible_organizations',
                    field=models.ManyToManyField(blank=True, related_name='responsible_for_rows', to='directory.organization', verbose_name='ответственные организации'),
                ),
                migrations.AlterField(
                    model_name='roadmaprow',
                    name='responsible_people',
                    field=models.ManyToManyField(blank=True, related_name='roadmap_rows', to='directory.person', verbose_name='ответственные сотрудники'),
                ),
    
            ],
            database_operations=[],
        ),
    ]
