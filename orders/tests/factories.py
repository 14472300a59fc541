"""Orders for tests, built through the real services (roadmaps through roadmaps.tests.factories)."""

from __future__ import annotations

import datetime as dt
import io

from directory import services as directory
from orders import services
from orders.forms import OrderForm
from orders.models import Order
from roadmaps.order_services import roadmap_approval_order_create
from roadmaps.tests.factories import SAMPLE_ROWS, make_roadmap

__all__ = ["SAMPLE_ROWS", "edit_data", "make_roadmap", "ready_draft", "sign"]

PHONE = "8 (86192) 5-10-12"


def ready_draft(*, user, roadmap, phone: str = PHONE) -> Order:
    """A draft approving `roadmap` that can be signed (the executor's phone filled in)."""
    order = roadmap_approval_order_create(user=user, roadmap=roadmap)
    if not order.executor_phone:
        order = services.order_update(user=user, order=order, data={"executor_phone": phone})
    return order


def sign(*, administrator, order: Order, today: dt.date | None = None) -> Order:
    return services.order_sign(user=administrator, order=order, today=today)


def edit_data(order: Order, **changes) -> dict:
    """The edit form's POST body for `order` as it is, with `changes`."""
    initial = OrderForm.initial_for(order)
    data = {k: ("" if v is None else v) for k, v in initial.items() if k != "roadmaps"}
    data["roadmaps"] = [str(pk) for pk in initial["roadmaps"]]
    if isinstance(data.get("date"), dt.date):
        data["date"] = data["date"].isoformat()
    data.update(changes)
    return data


def with_phone(person, phone: str = PHONE):
    return directory.person_save(
        person=person,
        data={
            "organization": person.organization,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "patronymic": person.patronymic,
            "position": person.position,
            "phone": phone,
        },
    )


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def as_file(data: bytes, name: str = "file.sig"):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def certificate_and_key(
    *,
    surname: str = "Богинский",
    given: str = "Юрий Николаевич",
    common_name: str | None = None,
    valid_from: dt.datetime | None = None,
    days: int = 365 * 3,
):
    """A self-signed certificate like a Russian qualified one (SN, GN, CN), with its EC key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name or f"{surname} {given}")]
    if surname:
        attributes.append(x509.NameAttribute(NameOID.SURNAME, surname))
    if given:
        attributes.append(x509.NameAttribute(NameOID.GIVEN_NAME, given))
    name = x509.Name(attributes)
    start = valid_from or dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def detached_signature(
    data: bytes, *, certificate, key, pem: bool = False, with_certificate: bool = True
) -> bytes:
    """A detached CMS/PKCS#7 signature of `data`, as CryptoPro saves a .sig (DER) or PEM."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    options = [pkcs7.PKCS7Options.DetachedSignature]
    if not with_certificate:
        options.append(pkcs7.PKCS7Options.NoCerts)
    encoding = serialization.Encoding.PEM if pem else serialization.Encoding.DER
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(certificate, key, hashes.SHA256())
        .sign(encoding, options)
    )
