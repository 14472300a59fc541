from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_campaign_roadmap_row"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="respondent",
            field=models.CharField(
                choices=[
                    ("self", "сам педагог"),
                    ("director", "руководитель организации о педагоге"),
                    ("mentor", "наставник о молодом специалисте"),
                ],
                default="self",
                max_length=16,
                verbose_name="кто отвечает",
            ),
        ),
    ]
