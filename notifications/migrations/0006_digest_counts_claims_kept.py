"""A digest keeps the first things of each group and counts the rest (Digest.counts).

Digests made before kept every claim: their counts are filled from their claims, so their pages say
the same as before (every thing listed, nothing «и ещё»)."""

from collections import defaultdict

from django.db import migrations, models
from django.db.models import Count


def count_claims(apps, schema_editor):
    digest_model = apps.get_model("notifications", "Digest")
    claim_model = apps.get_model("notifications", "ReminderClaim")
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in claim_model.objects.values("digest_id", "kind").annotate(n=Count("id")).order_by():
        counts[row["digest_id"]][row["kind"]] = row["n"]
    digests = list(digest_model.objects.filter(pk__in=list(counts)).only("pk"))
    for digest in digests:
        digest.counts = counts[digest.pk]
    digest_model.objects.bulk_update(digests, ["counts"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_reminder_claims_written_in_bulk"),
    ]

    operations = [
        migrations.AddField(
            model_name="digest",
            name="counts",
            field=models.JSONField(blank=True, default=dict, verbose_name="пунктов по видам"),
        ),
        migrations.RunPython(count_claims, migrations.RunPython.noop),
    ]
