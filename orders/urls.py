from django.urls import path

from . import registry, views

app_name = "orders"

urlpatterns = [
    path("", views.journal, name="journal"),
    path("journal.xlsx", views.journal_xlsx, name="journal_xlsx"),
    path("settings/", views.settings_page, name="settings"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/review/", views.send_for_review, name="review"),
    path("<int:pk>/return/", views.return_to_draft, name="return_to_draft"),
    path("<int:pk>/approvals/<int:approval_pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/sign/status/", views.signing_status, name="signing_status"),
    path("<int:pk>/sign/retry/", views.signing_retry, name="signing_retry"),
    path("<int:pk>/paper/", views.register_paper, name="register_paper"),
    path("<int:pk>/signature/", views.attach_signature, name="attach_signature"),
    path("<int:pk>/signature.sig", views.signature_file, name="signature_file"),
    path("<int:pk>/files/", views.attach_file, name="attach_file"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/files/<int:attachment_pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/pdf/prepare/", views.pdf_prepare, name="pdf_prepare"),
    path("<int:pk>/pdf/status/", views.pdf_status, name="pdf_status"),
    path("<int:pk>/pdf/signed/", views.stamped_pdf, name="stamped_pdf"),
    path("<int:pk>/docx/", views.docx, name="docx"),
    # Pages feature apps add through their appendix kinds (e.g. «prepare the approval order»).
    *registry.url_patterns(),
]
