from __future__ import annotations

import json

import pytest

from kgraph.errors import BinaryInput, DecodeError, EmptyInput
from kgraph.ingest import decode_bytes, read_inputs
from kgraph.model import Document, Skipped

ARABIC = "قال المتحدث إن التحالف يدعم القوات العراقية."


@pytest.mark.parametrize(
    "data",
    [
        ARABIC.encode("utf-8"),
        b"\xef\xbb\xbf" + ARABIC.encode("utf-8"),
        ARABIC.encode("utf-16"),
        ARABIC.encode("utf-16-le"),
        ARABIC.encode("utf-16-be"),
        ARABIC.encode("cp1256"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "utf16be-nobom", "cp1256"],
)
def test_read_decode_bytes_encodings(data: bytes) -> None:
    assert decode_bytes(data) == ARABIC


@pytest.mark.parametrize(
    ("data", "error"),
    [(b"", EmptyInput), (b"  \n\t ", EmptyInput), (b"\x00\x01\x02\xff" * 100, BinaryInput),
     (bytes(range(128, 256)) * 4 + b"\x81\x8d", DecodeError)],
    ids=["empty", "whitespace", "binary", "undecodable"],
)
def test_read_decode_bytes_errors(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        decode_bytes(data, source="x.txt")
    assert "x.txt" in str(info.value)


def test_read_inputs_skips_bad_files_and_keeps_the_rest(articles) -> None:  # type: ignore[no-untyped-def]
    folder = articles({
        "good.txt": "The Coalition supports the Iraqi Security Forces.",
        "empty.txt": "",
        "binary.txt": b"\x00\x00\x01PK\x03\x04" * 50,
        "sub/page.html": "<html><head><title>T</title></head><body><nav>Menu</nav>"
                         "<article><p>ISIS attacked the SDF.</p></article>"
                         "<div class='cookie-banner'>We use cookies</div><script>alert(1)</script></body></html>",
        "feed.jsonl": json.dumps({"text": "The SDF detained ISIS fighters.", "date": "2024-05-01",
                                  "url": "https://example.org/a"}) + "\n{broken\n",
        "notes.bin": b"ignored: unknown suffix",
    })
    items = list(read_inputs([folder]))
    docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert sorted(d.text.strip() for d in docs) == sorted(
        ["The Coalition supports the Iraqi Security Forces.", "ISIS attacked the SDF.",
         "The SDF detained ISIS fighters."])
    assert {s.code for s in skipped} == {"E101", "E102", "E106"}
    page = next(d for d in docs if d.source.endswith("page.html"))
    assert "cookie" not in page.text and "alert" not in page.text and "Menu" not in page.text
    feed = next(d for d in docs if d.source.startswith("https://"))
    assert feed.date == "2024-05-01"


def test_read_inputs_missing_path_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (item,) = list(read_inputs([tmp_path / "nope"]))
    assert isinstance(item, Skipped) and "no such file" in item.reason
