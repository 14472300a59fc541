"""Reading detached CMS signatures (.sig), built here with cryptography's PKCS7SignatureBuilder."""

import base64
import datetime as dt

import pytest

from orders.cms import BROKEN, NO_CERTIFICATE, SignatureFileError, read_detached_signature

from .factories import certificate_and_key, detached_signature

PDF = b"%PDF-1.7\n%archived order\n"


@pytest.fixture(scope="module")
def signer():
    return certificate_and_key()


@pytest.mark.parametrize("form", ["der", "pem", "base64"])
def test_the_certificate_details_are_read_from_a_detached_signature(signer, form):
    certificate, key = signer
    data = detached_signature(PDF, certificate=certificate, key=key, pem=form == "pem")
    if form == "base64":  # CryptoPro's «base64 without headers»
        data = base64.b64encode(data)
    info = read_detached_signature(data)
    assert info.certificate_serial == format(certificate.serial_number, "X").rjust(
        len(info.certificate_serial), "0"
    )
    assert len(info.certificate_serial) >= 16 and len(info.certificate_serial) % 2 == 0
    assert info.owner == "Богинский Юрий Николаевич"
    assert info.owner_surname == "Богинский"
    assert (info.valid_from, info.valid_to) == (dt.date(2025, 1, 1), dt.date(2028, 1, 1))
    assert info.signed_at is not None and info.signed_at.tzinfo is not None


def test_owner_falls_back_to_the_common_name():
    certificate, key = certificate_and_key(surname="", given="", common_name="Орлов Антон Викторович")
    info = read_detached_signature(detached_signature(PDF, certificate=certificate, key=key))
    assert info.owner == "Орлов Антон Викторович" and info.owner_surname == "Орлов"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a signature at all",
        b"%PDF-1.4 a pdf, not a signature",
        b"-----BEGIN PKCS7-----\nxx\n-----END PKCS7-----",
    ],
)
def test_a_broken_file_gives_a_russian_message(data):
    with pytest.raises(SignatureFileError) as error:
        read_detached_signature(data)
    assert str(error.value) == BROKEN


def test_a_signature_without_the_certificate_is_refused(signer):
    certificate, key = signer
    data = detached_signature(PDF, certificate=certificate, key=key, with_certificate=False)
    with pytest.raises(SignatureFileError) as error:
        read_detached_signature(data)
    assert str(error.value) in (NO_CERTIFICATE, BROKEN)
