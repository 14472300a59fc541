"""Compressed text responses: brotli for browsers that accept it, else Django's gzip; both padded (BREACH).

A roadmap page of 300 rows is about 540 KB of HTML: gzip (level 6, Django's) sends about 36 KB for
5 ms of CPU, brotli at quality 4 about 20 KB for 2 ms. Only text is compressed (HTML, JSON, CSV, XML,
SVG…): the XLSX, PDF and DOCX files users download are archives already and go out as they are, with
their length; static files are compressed ahead of time by WhiteNoise, which answers before this runs.

BREACH: Django's GZipMiddleware puts 1–100 random bytes in the gzip header since 4.2 ("Heal the
Breach"), so the length of a response tells an attacker less. The brotli stream gets the same: a
metadata meta-block (RFC 7932, 9.2: skipped by every decoder) of 1–100 random bytes.
"""

from __future__ import annotations

import os
import re
import secrets

import brotli
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

BROTLI_QUALITY = 4  # of 11: at 5 and more it costs half as much again for a few percent
MIN_SIZE = 200  # as GZipMiddleware: shorter responses are not worth it
TEXT_TYPES = re.compile(r"^(text/|application/(json|javascript|xml|xhtml\+xml|problem\+json)|image/svg\+xml)")
_CODING = re.compile(r"^\s*([\w*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?", re.ASCII)


def accepts(accept_encoding: str, coding: str) -> bool:
    """Whether the Accept-Encoding header allows `coding` (named with a quality above 0)."""
    for part in accept_encoding.split(","):
        match = _CODING.match(part)
        if match and match[1].lower() == coding:
            try:
                return float(match[2] or 1) > 0
            except ValueError:
                return False
    return False


def _metadata_block(data: bytes) -> bytes:
    """A brotli metadata meta-block holding `data` (1–256 bytes), starting on a byte boundary.

    Bits, lowest first: ISLAST 0, MNIBBLES 3 (that is 0: metadata), reserved 0, MSKIPBYTES 1,
    MSKIPLEN - 1 in 8 bits, zeros to the byte boundary, then the bytes themselves."""
    skip = len(data) - 1
    if not 0 <= skip <= 255:
        raise ValueError("1 to 256 bytes of metadata")
    return bytes((0b010110 | (skip & 0b11) << 6, skip >> 2)) + data


def brotli_compress(data: bytes, *, quality: int = BROTLI_QUALITY, max_random_bytes: int = 0) -> bytes:
    """`data` as a brotli stream; with max_random_bytes, 1 to that many random bytes of padding in it."""
    compressor = brotli.Compressor(quality=quality)
    body = compressor.process(data) + compressor.flush()  # a flush ends on a meta-block and byte boundary
    padding = b""
    if max_random_bytes:
        padding = _metadata_block(os.urandom(1 + secrets.randbelow(max_random_bytes)))
    return body + padding + compressor.finish()


class CompressionMiddleware(GZipMiddleware):
    """Text responses compressed with brotli when the browser accepts it, else with gzip (Django's
    GZipMiddleware, streaming responses included); other responses are left as they are."""

    def process_response(self, request, response):
        if response.has_header("Content-Encoding") or not TEXT_TYPES.match(response.get("Content-Type", "")):
            return response
        accept_encoding = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if response.streaming or not accepts(accept_encoding, "br"):
            return super().process_response(request, response)
        if len(response.content) < MIN_SIZE:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli_compress(response.content, max_random_bytes=self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):  # as GZipMiddleware: the bytes differ, the entity does not
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response
