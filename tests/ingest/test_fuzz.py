"""Hostile batches, generated: file names, encodings, .jsonl fields, markup. Whatever the batch holds, the build
finishes, every bad item is reported with a code, every repaired one warns with a code, and every good document
is in the graph."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PLACES = ["Mosul", "Raqqa", "Anbar", "Kirkuk", "Hasakah"]
AR_PLACES = ["الموصل", "الرقة", "الأنبار", "كركوك", "الحسكة"]


@dataclass
class Batch:
    """What was written, and what the build must say about it."""

    goods: list[str] = field(default_factory=list)  # texts that must be documents of the graph
    bad_lines: list[str] = field(default_factory=list)  # "name.jsonl:N" that must be skipped (E106)
    warn_codes: set[str] = field(default_factory=set)  # codes that must appear among the warnings


def _good(n: int, arabic: bool) -> str:
    if arabic:
        return f"هاجم تنظيم داعش قوات سوريا الديمقراطية في {AR_PLACES[n % 5]} يوم {n + 1}."
    return f"ISIS attacked the SDF near {PLACES[n % 5]} on day {n + 1}."


_NAME = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\"), min_size=1, max_size=20)
    .filter(lambda s: not s.startswith(".") and s.strip() == s and s not in (".", "..")),
    st.binary(min_size=1, max_size=12).map(lambda b: os.fsdecode(b.replace(b"/", b"_").replace(b"\x00", b"_")))
    .filter(lambda s: not s.startswith(".")),
)
_JUNK = st.text(max_size=12)  # any code points, surrogates included


@st.composite
def jsonl_line(draw: st.DrawFn, n: int, batch: Batch, where: str) -> str:
    kind = draw(st.sampled_from(["good", "good", "broken", "not-object", "nul", "deep", "no-text"]))
    if kind == "good":
        text = _good(n, draw(st.booleans()))
        record: dict[str, object] = {"text": text}
        if draw(st.booleans()):  # a lone surrogate in the text: repaired
            record["text"] = text + "\ud800"
            batch.warn_codes.add("W104")
        lang = draw(st.one_of(st.none(), st.sampled_from(["ar", "en", "en-US", "ar_SA"]), _JUNK))
        if lang is not None:
            record["lang"] = lang
            if lang and not re.fullmatch(r"[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*", lang.strip()):
                batch.warn_codes.add("W105")
        date = draw(st.one_of(st.none(), st.sampled_from(["2024-03-01", "2024-02-30", "soon"]), _JUNK))
        if date:
            record["date"] = date
            if date.strip() and date != "2024-03-01":
                batch.warn_codes.add("W107")
        if draw(st.booleans()):
            record["title"] = draw(_JUNK)
            if re.search("[\ud800-\udfff]", record["title"]):  # type: ignore[arg-type]
                batch.warn_codes.add("W104")
        batch.goods.append(text)
        return json.dumps(record)
    batch.bad_lines.append(where)
    if kind == "broken":
        return '{"text": "cut sh'
    if kind == "not-object":
        return json.dumps(["text", _good(n, False)])
    if kind == "nul":
        return '{"text": "a NUL \x00 here"}'
    if kind == "deep":
        return "[" * 100_000 + "]" * 100_000
    return json.dumps({"title": "no text field"})


@st.composite
def batches(draw: st.DrawFn) -> tuple[dict[bytes, bytes], Batch]:
    batch = Batch()
    files: dict[bytes, bytes] = {}
    for i in range(draw(st.integers(1, 5))):
        name = f"{i}-{draw(_NAME)}"
        raw_name = os.fsencode(name)
        try:
            raw_name.decode("utf-8")
        except UnicodeDecodeError:
            batch.warn_codes.add("W106")
        kind = draw(st.sampled_from(["text", "text", "jsonl", "html", "pdf", "garbage"]))
        n = 10 * i
        if kind == "text":
            arabic = draw(st.booleans())
            text = _good(n, arabic)
            encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"] + (["cp1256"] if arabic else [])))
            files[raw_name + b".txt"] = text.encode(encoding)
            batch.goods.append(text)
        elif kind == "jsonl":
            lines = [draw(jsonl_line(n + j, batch, f"{name}.jsonl:{j + 1}")) for j in range(draw(st.integers(1, 4)))]
            files[raw_name + b".jsonl"] = "\n".join(lines).encode("utf-8", errors="surrogatepass")
        elif kind == "html":
            text = _good(n, draw(st.booleans()))
            tags = "".join(draw(st.lists(st.sampled_from(["<div>", "<span>", "<b>", "</i>", "<p>", "</p>"]),
                                         max_size=50)))
            files[raw_name + b".html"] = f"<html>{tags}<p>{text}</p>{tags}".encode()
            batch.goods.append(text)
        elif kind == "pdf":
            files[raw_name + b".pdf"] = b"%PDF-1.7 binary"
            batch.warn_codes.add("W108")
        else:
            files[raw_name + b".txt"] = draw(st.binary(min_size=0, max_size=300))
    return files, batch


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(made=batches())
def test_fuzz_issue13_hostile_batch_builds_and_reports_every_bad_item(made: tuple[dict[bytes, bytes], Batch]) -> None:
    from kgraph.build import build_graph

    files, batch = made
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, content in files.items():
            with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
                fh.write(content)
        out = Path(tmp) / "out"
        result = build_graph([folder], out=out, force=True)  # never raises: the batch finishes
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        assert all(re.fullmatch(r"E1\d\d", s["code"]) for s in report["skipped"]), report["skipped"]
        assert all(re.search(r"\(W1\d\d\)$", w) for w in report["warnings"]), report["warnings"]
        warned = {w[-5:-1] for w in report["warnings"]}
        assert batch.warn_codes <= warned, (batch.warn_codes, report["warnings"])
        skipped = {s["source"]: s["code"] for s in report["skipped"]}
        for where in batch.bad_lines:
            shown = where.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            assert skipped.get(f"{folder.as_posix()}/{shown}") == "E106", (where, skipped)
        texts = "\n".join(d.text for d in result.corpus.documents)
        for good in batch.goods:
            assert good in texts, good
        for name in ("graph.ttl", "graph.trig", "edges.csv", "graph.html"):
            (out / name).read_text(encoding="utf-8")
