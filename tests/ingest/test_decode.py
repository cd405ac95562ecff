import codecs

import pytest

from rag.errors import IngestError
from rag.ingest.decode import decode, normalize_whitespace


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Hợp tác chống mua bán người".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Coopération".encode(), "utf-8-sig"),
        ("Coopération contre la traite".encode("utf-16"), "utf-16"),
        ("Coopération contre la traite".encode("utf-16-le"), "utf-16-le"),
        ("Coopération – entente".encode("cp1252"), "cp1252"),
    ],
)
def test_decode_encodings(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert "Coop" in text or "Hợp" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"  \n", "empty file"), (bytes(range(256)) * 4, "binary file"), (b"\x00\x01\x02", "binary")],
)
def test_empty_and_binary_data_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        decode(data)


def test_normalize_whitespace() -> None:
    assert normalize_whitespace("a\r\nb\rc\xa0d\u200be\ufeff") == "a\nb\nc de"
