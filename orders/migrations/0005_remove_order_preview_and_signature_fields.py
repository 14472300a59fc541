"""Second step: the preview and qualified-signature columns leave Order (copied in 0004).

The check that a signature belongs to a signed order spanned those columns; it is now kept by
orders.services.order_attach_qualified_signature and OrderQualifiedSignature.clean().
"""

from django.db import migrations

REMOVED = (
    "preview_pdf",
    "preview_status",
    "preview_content_sha256",
    "preview_error",
    "preview_requested_at",
    "signature_file",
    "signature_sha256",
    "signature_serial",
    "signature_owner",
    "signature_valid_from",
    "signature_valid_to",
    "signature_signed_at",
    "signature_attached_at",
    "stamped_pdf",
    "stamped_pdf_sha256",
)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_orderpreview_orderqualifiedsignature"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="order", name="order_signature_only_when_signed"),
        *(migrations.RemoveField(model_name="order", name=name) for name in REMOVED),
    ]
