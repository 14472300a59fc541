"""Writes of orders: drafts, review, signing with numbering and the PDF archive, signatures, cancelling.

Every function is keyword-only and transactional. The rules that matter:

- a draft (and only a draft) is edited; a signed order never changes — a correction is a new order;
- the registration number is given at signing from the issuer's per-year NumberSequence, advanced
  under a row lock in the short transaction that stores the number and the frozen content (status
  «подписывается»): never twice, never skipped (a signing refused there takes its number back);
- the PDF of a signed order is rendered once, after that transaction (no lock held; by a Celery task
  for a long order), and archived with its SHA-256, which makes the order «подписан»; a render that
  fails is tried again, the order keeping its number. Every later download returns exactly those bytes.

Split by area into modules of this package; everything public is re-exported here, so callers keep
writing `from orders import services; services.order_sign(...)`.
"""

from ._common import (  # noqa: F401
    EDITABLE_FIELDS,
    SIGNED_IS_FINAL,
    ArchiveDamaged,
    ArchivePending,
    person_of,
)
from .archive import (  # noqa: F401
    BACKGROUND_RENDER_ROWS,
    PREVIEW_LEASE,
    appendix_pdf,
    archived_pdf,
    needs_background_render,
    order_pdf,
    order_preview_render,
    order_preview_request,
    preview_bytes,
    preview_is_fresh,
    render_draft_pdf,
    stamped_pdf,
)
from .attachments import (  # noqa: F401
    MAX_ATTACHMENT_BYTES,
    attachment_problems,
    order_attach_file,
    order_remove_attachment,
)
from .cancelling import (  # noqa: F401
    order_cancel,
    signed_orders_for_cancelling,
)
from .drafting import (  # noqa: F401
    AppendixSpec,
    order_create_follow_up,
    order_draft_create,
    order_draft_from_recovered,
    order_update,
    source_notes,
)
from .emails import (  # noqa: F401
    order_email,
)
from .order_settings import (  # noqa: F401
    SETTINGS_FIELDS,
    order_settings_save,
    settings_for,
)
from .paper import (  # noqa: F401
    order_register_paper,
    source_requisites,
)
from .people import (  # noqa: F401
    CONTROL_SELF,
    appoint_point,
    control_point,
    default_issuer,
    default_signatory,
    issuer_by_name,
    match_person,
    phone_of,
    responsible_point,
    signature_fields,
)
from .qualified_signature import (  # noqa: F401
    order_attach_qualified_signature,
)
from .review import (  # noqa: F401
    current_approvals,
    order_decide,
    order_return_to_draft,
    order_send_for_review,
    reviewers_queryset,
)
from .signing import (  # noqa: F401
    needs_background_archive,
    order_sign,
    order_signing_finish,
    order_signing_retry,
    signing_is_stuck,
    signing_problems,
)
