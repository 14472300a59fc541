"""Reading a detached qualified signature file (CMS/PKCS#7, «.sig», DER or PEM) attached to an order.

What is read: the signer's certificate serial (hex), owner, validity and, when present, the signing
time. The signature itself is not verified here (ГОСТ algorithms need a certified crypto provider):
the page says so honestly. Pure: no Django.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

MAX_BYTES = 1024 * 1024
BROKEN = (
    "Не удалось прочитать файл подписи: это должен быть файл открепленной электронной подписи "
    "(CMS/PKCS#7, обычно с расширением .sig), созданный, например, в КриптоПро."
)
NO_CERTIFICATE = "В файле подписи нет сертификата подписавшего; сохраните подпись вместе с сертификатом."

# signingTime (1.2.840.113549.1.9.5) inside the signed attributes, then SET { UTCTime | GeneralizedTime }
_SIGNING_TIME_OID = bytes.fromhex("06092a864886f70d010905")
_BASE64_RE = re.compile(rb"^[A-Za-z0-9+/=\s]+$")


class SignatureFileError(ValueError):
    """The file is not a readable detached signature; the message is for the user, in Russian."""


@dataclass(frozen=True)
class SignatureInfo:
    certificate_serial: str  # hex, upper case
    owner: str  # full Ф.И.О. (surname + given names), else the subject's common name
    owner_surname: str
    valid_from: dt.date
    valid_to: dt.date
    signed_at: dt.datetime | None  # aware UTC, when the file carries a signing time


def _certificates(data: bytes) -> list[x509.Certificate]:
    stripped = data.strip()
    try:
        if stripped.startswith(b"-----BEGIN"):
            return pkcs7.load_pem_pkcs7_certificates(stripped)
        try:
            return pkcs7.load_der_pkcs7_certificates(data)
        except ValueError:
            # CryptoPro can also save the signature as bare base64 without PEM lines.
            if not _BASE64_RE.match(stripped):
                raise
            return pkcs7.load_der_pkcs7_certificates(base64.b64decode(stripped, validate=False))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise SignatureFileError(BROKEN) from exc


def _der(data: bytes) -> bytes:
    stripped = data.strip()
    if stripped.startswith(b"-----BEGIN"):
        body = b"".join(line for line in stripped.splitlines() if not line.startswith(b"-----"))
        return base64.b64decode(body)
    if _BASE64_RE.match(stripped) and not data.startswith(b"\x30"):
        return base64.b64decode(stripped)
    return data


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _signer(certificates: list[x509.Certificate]) -> x509.Certificate:
    """The end-entity certificate: not a CA and not the issuer of another certificate in the file."""
    issuers = {c.issuer for c in certificates}
    leaves = [
        c for c in certificates if not _is_ca(c) and (c.subject not in issuers or c.subject == c.issuer)
    ]
    return (leaves or certificates)[0]


def _attribute(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""


def _signing_time(der: bytes) -> dt.datetime | None:
    at = der.find(_SIGNING_TIME_OID)
    if at < 0:
        return None
    rest = der[at + len(_SIGNING_TIME_OID) :]
    # SET (0x31) of one time value: UTCTime (0x17, YYMMDDHHMMSSZ) or GeneralizedTime (0x18, YYYYMMDDHHMMSSZ)
    if len(rest) < 4 or rest[0] != 0x31:
        return None
    tag, length = rest[2], rest[3]
    text = rest[4 : 4 + length].decode("ascii", "replace")
    try:
        if tag == 0x17:
            value = dt.datetime.strptime(text, "%y%m%d%H%M%S%z")
        elif tag == 0x18:
            value = dt.datetime.strptime(text, "%Y%m%d%H%M%S%z")
        else:
            return None
    except ValueError:
        return None
    return value.astimezone(dt.UTC)


def read_detached_signature(data: bytes) -> SignatureInfo:
    """The signer's certificate details from a detached CMS signature; raises SignatureFileError."""
    if not data or len(data) > MAX_BYTES:
        raise SignatureFileError(BROKEN if not data else "Файл подписи слишком большой (больше 1 МБ).")
    certificates = _certificates(data)
    if not certificates:
        raise SignatureFileError(NO_CERTIFICATE)
    certificate = _signer(certificates)
    subject = certificate.subject
    surname = _attribute(subject, NameOID.SURNAME)
    given = _attribute(subject, NameOID.GIVEN_NAME)
    common = _attribute(subject, NameOID.COMMON_NAME)
    owner = " ".join(p for p in (surname, given) if p) if surname else common
    if not owner:
        raise SignatureFileError("В сертификате подписавшего не указан владелец.")
    serial = format(certificate.serial_number, "X")
    if len(serial) % 2:
        serial = "0" + serial
    try:
        signed_at = _signing_time(_der(data))
    except (ValueError, binascii.Error):
        signed_at = None
    return SignatureInfo(
        certificate_serial=serial,
        owner=owner,
        owner_surname=surname or owner.split()[0],
        valid_from=certificate.not_valid_before_utc.date(),
        valid_to=certificate.not_valid_after_utc.date(),
        signed_at=signed_at,
    )
