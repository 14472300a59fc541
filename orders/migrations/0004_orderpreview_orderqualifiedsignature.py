"""The draft's PDF preview and the qualified signature move out of Order into their own one-to-one rows.

First step: the new tables, filled from the Order columns (kept until 0005). A preview row is made for
each order that ever asked for one, a signature row for each order with a certificate serial.
"""

import django.db.models.deletion
import orders.models
from django.db import migrations, models

PREVIEW_FIELDS = {
    "status": "preview_status",
    "pdf": "preview_pdf",
    "content_sha256": "preview_content_sha256",
    "error": "preview_error",
    "requested_at": "preview_requested_at",
}
SIGNATURE_FIELDS = {
    "file": "signature_file",
    "file_sha256": "signature_sha256",
    "certificate_serial": "signature_serial",
    "owner": "signature_owner",
    "valid_from": "signature_valid_from",
    "valid_to": "signature_valid_to",
    "signed_at": "signature_signed_at",
    "attached_at": "signature_attached_at",
    "stamped_pdf": "stamped_pdf",
    "stamped_pdf_sha256": "stamped_pdf_sha256",
}


def copy_to_rows(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    OrderPreview = apps.get_model("orders", "OrderPreview")
    OrderQualifiedSignature = apps.get_model("orders", "OrderQualifiedSignature")
    with_preview = Order.objects.exclude(preview_status="", preview_pdf="", preview_requested_at=None)
    for values in with_preview.values("pk", *PREVIEW_FIELDS.values()).iterator():
        OrderPreview.objects.create(
            order_id=values["pk"], **{k: values[v] for k, v in PREVIEW_FIELDS.items()}
        )
    for values in (
        Order.objects.exclude(signature_serial="").values("pk", *SIGNATURE_FIELDS.values()).iterator()
    ):
        OrderQualifiedSignature.objects.create(
            order_id=values["pk"], **{k: values[v] for k, v in SIGNATURE_FIELDS.items()}
        )


def copy_back(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    for row in apps.get_model("orders", "OrderPreview").objects.values().iterator():
        Order.objects.filter(pk=row["order_id"]).update(**{v: row[k] for k, v in PREVIEW_FIELDS.items()})
    for row in apps.get_model("orders", "OrderQualifiedSignature").objects.values().iterator():
        Order.objects.filter(pk=row["order_id"]).update(**{v: row[k] for k, v in SIGNATURE_FIELDS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0003_orderappendix_drop_roadmap"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrderPreview",
            fields=[
                (
                    "order",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="preview",
                        serialize=False,
                        to="orders.order",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "нет"),
                            ("pending", "готовится"),
                            ("ready", "готов"),
                            ("failed", "ошибка"),
                        ],
                        default="",
                        max_length=16,
                        verbose_name="PDF проекта",
                    ),
                ),
                (
                    "pdf",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        upload_to=orders.models.preview_path,
                        verbose_name="PDF проекта",
                    ),
                ),
                (
                    "content_sha256",
                    models.CharField(
                        blank=True, max_length=64, verbose_name="PDF проекта: SHA-256 содержания"
                    ),
                ),
                ("error", models.CharField(blank=True, max_length=500, verbose_name="PDF проекта: ошибка")),
                (
                    "requested_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="PDF проекта: запрошен"),
                ),
            ],
            options={
                "verbose_name": "PDF проекта приказа",
                "verbose_name_plural": "PDF проектов приказов",
                "db_table": "orders_orderpreview",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["", "pending", "ready", "failed"])),
                        name="order_preview_status_valid",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OrderQualifiedSignature",
            fields=[
                (
                    "order",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="qualified_signature",
                        serialize=False,
                        to="orders.order",
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        max_length=255,
                        upload_to=orders.models.signature_path,
                        verbose_name="файл квалифицированной подписи",
                    ),
                ),
                ("file_sha256", models.CharField(max_length=64, verbose_name="SHA-256 файла подписи")),
                (
                    "certificate_serial",
                    models.CharField(max_length=128, verbose_name="серийный номер сертификата"),
                ),
                ("owner", models.CharField(blank=True, max_length=300, verbose_name="владелец сертификата")),
                (
                    "valid_from",
                    models.DateField(blank=True, null=True, verbose_name="сертификат действителен с"),
                ),
                (
                    "valid_to",
                    models.DateField(blank=True, null=True, verbose_name="сертификат действителен по"),
                ),
                (
                    "signed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="время подписи по файлу"),
                ),
                (
                    "attached_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="подпись прикреплена"),
                ),
                (
                    "stamped_pdf",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        upload_to=orders.models.archive_path,
                        verbose_name="PDF с отметкой о квалифицированной подписи",
                    ),
                ),
                (
                    "stamped_pdf_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="SHA-256 PDF с отметкой"),
                ),
            ],
            options={
                "verbose_name": "квалифицированная подпись приказа",
                "verbose_name_plural": "квалифицированные подписи приказов",
                "db_table": "orders_orderqualifiedsignature",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("certificate_serial", ""), _negated=True),
                        name="order_signature_has_serial",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_to_rows, copy_back),
    ]
