"""core.compression: brotli with random padding (BREACH), and what Accept-Encoding allows."""

from __future__ import annotations

import brotli
import pytest

from core.compression import accepts, brotli_compress

PAGE = ("<tr><td>Семинар для руководителей ШМО</td><td>Ежемесячно</td></tr>\n" * 400).encode()


@pytest.mark.parametrize("data", [b"", b"x", PAGE])
def test_a_padded_brotli_stream_decodes_to_the_data_at_once_and_in_pieces(data):
    for _ in range(20):
        stream = brotli_compress(data, max_random_bytes=100)
        assert brotli.decompress(stream) == data
        decoder = brotli.Decompressor()
        assert b"".join(decoder.process(stream[i : i + 5]) for i in range(0, len(stream), 5)) == data
        assert decoder.is_finished()


def test_the_padding_makes_the_length_of_the_same_page_vary_by_up_to_100_bytes():
    bare = len(brotli_compress(PAGE))
    lengths = {len(brotli_compress(PAGE, max_random_bytes=100)) for _ in range(60)}
    assert len(lengths) > 20
    assert bare < min(lengths) and max(lengths) <= bare + 100 + 2  # 2 bytes of meta-block header


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", True),
        ("br;q=0.5", True),
        ("BR", True),
        ("gzip, deflate", False),
        ("gzip, br;q=0", False),
        ("brotli", False),
        ("", False),
    ],
)
def test_accept_encoding_allows_brotli_only_when_it_names_it_above_quality_zero(header, expected):
    assert accepts(header, "br") is expected
