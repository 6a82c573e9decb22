"""Hostile inputs: every case is generated here, read, and either decoded or skipped with a clear message."""

from __future__ import annotations

import csv
import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph import settings
from kgraph.cli import cli
from kgraph.ingest import read_inputs
from kgraph.model import Document, Skipped

EN = "The Coalition supports the Iraqi Security Forces."
AR = "قال المتحدث إن التحالف الدولي يدعم القوات العراقية."
AR_ATTACK = "هاجم تنظيم داعش قوات سوريا الديمقراطية في الحسكة."


def _broken_utf8() -> bytes:
    data = (AR + " " + AR_ATTACK + "\n").encode("utf-8") * 3
    return data[:40] + b"\xff\xfe" + data[40:]  # two stray bytes in otherwise good Arabic UTF-8


#: name → (content, expected text or None when skipped, code when skipped, words the reason must contain)
CASES: dict[str, tuple[bytes, str | None, str | None, tuple[str, ...]]] = {
    "utf16-bom.txt": (AR.encode("utf-16"), AR, None, ()),
    "utf16le-nobom.txt": (AR.encode("utf-16-le"), AR, None, ()),
    "utf16be-nobom.txt": (EN.encode("utf-16-be"), EN, None, ()),
    "utf16-cut-short.txt": (AR.encode("utf-16-le") + b"\x06", AR, None, ()),
    "utf8-bom.txt": (b"\xef\xbb\xbf" + EN.encode(), EN, None, ()),
    "windows-1256.txt": (AR.encode("cp1256"), AR, None, ()),
    "broken-utf8.txt": (_broken_utf8(), "\ufffd", None, ()),
    "not-utf8.txt": (bytes(range(0x80, 0x100)) * 8 + b"\x81\x8d\x90", None, "E103", ("UTF-8", "iconv")),
    "empty.txt": (b"", None, "E101", ("empty",)),
    "whitespace.txt": (b" \n\t\r\n  ", None, "E101", ("empty",)),
    "whitespace-utf16.txt": (" \n \n".encode("utf-16"), None, "E101", ("no text",)),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, None, "E102", ("binary",)),
    "zip.txt": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + os.urandom(512), None, "E102", ("binary",)),
    "furniture-only.txt": (b"Accept all cookies\nAll rights reserved.\n", None, "E101", ("site furniture",)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_decoded_or_skipped_with_a_reason(articles, name: str) -> None:  # type: ignore[no-untyped-def]
    content, text, code, words = CASES[name]
    folder = articles({name: content})
    warnings: list[str] = []
    (item,) = list(read_inputs([folder], warnings=warnings))
    if text is not None:
        assert isinstance(item, Document), item
        assert text in item.text
        assert item.lang == ("ar" if "\u0627" in text or text == "\ufffd" else "en")
    else:
        assert isinstance(item, Skipped)
        assert item.code == code and name in item.source and name in item.reason
        assert all(w.lower() in item.reason.lower() for w in words), item.reason
        assert ";" in item.reason  # the cause, then what to do
    if name in ("broken-utf8.txt", "utf16-cut-short.txt"):
        assert len(warnings) == 1 and name in warnings[0]
    else:
        assert warnings == []


@pytest.mark.parametrize("kind", ["folder-loop", "file-loop", "dangling", "fifo"])
def test_hostile_links_and_special_files_are_reported(articles, kind: str) -> None:  # type: ignore[no-untyped-def]
    folder = articles({"good.txt": EN, "sub/also.txt": AR})
    if kind == "folder-loop":
        os.symlink("..", folder / "sub" / "up")
        expected, code = folder / "sub" / "up", "E108"
    elif kind == "file-loop":
        os.symlink("b.txt", folder / "a.txt")
        os.symlink("a.txt", folder / "b.txt")
        expected, code = folder / "a.txt", "E105"
    elif kind == "dangling":
        os.symlink("nowhere.txt", folder / "dangling.txt")
        expected, code = folder / "dangling.txt", "E105"
    else:
        os.mkfifo(folder / "pipe.txt")
        expected, code = folder / "pipe.txt", "E105"
    items = list(read_inputs([folder]))
    docs = sorted(i.text for i in items if isinstance(i, Document))
    assert docs == sorted([EN, AR])
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert skipped and all(s.code == code for s in skipped)
    assert any(s.source == expected.as_posix() for s in skipped)
    assert all(";" in s.reason for s in skipped)


@pytest.mark.parametrize("how", ["chmod", "permission-error"])
def test_hostile_unreadable_file_is_skipped(articles, monkeypatch, how: str) -> None:  # type: ignore[no-untyped-def]
    folder = articles({"good.txt": EN, "secret.txt": AR})
    secret = folder / "secret.txt"
    if how == "chmod":
        if os.geteuid() == 0:
            pytest.skip("root reads files whatever their mode")
        secret.chmod(0)
    else:
        real_open = os.open

        def deny(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.fspath(path).endswith("secret.txt"):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", deny)
    items = list(read_inputs([folder]))
    (skip,) = [i for i in items if isinstance(i, Skipped)]
    assert skip.code == "E105" and "secret.txt" in skip.reason
    assert "Permission denied" in skip.reason and "chmod" in skip.reason
    assert [i.text for i in items if isinstance(i, Document)] == [EN]


def test_hostile_unlistable_folder_is_reported(articles, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = articles({"good.txt": EN, "locked/inside.txt": AR})
    real_scandir = os.scandir

    def deny(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    items = list(read_inputs([folder]))
    (skip,) = [i for i in items if isinstance(i, Skipped)]
    assert skip.code == "E105" and skip.source.endswith("locked") and "cannot list" in skip.reason
    assert [i.text for i in items if isinstance(i, Document)] == [EN]


def test_hostile_jsonl_broken_lines_keep_the_good_ones(articles) -> None:  # type: ignore[no-untyped-def]
    lines = [json.dumps({"text": EN, "date": "2024-03-01"}), "{not json", json.dumps(["a", "list"]),
             json.dumps({"text": 42}), "", json.dumps({"text": AR, "lang": "ar"}), '{"text": "cut sh']
    folder = articles({"feed.jsonl": "\n".join(lines)})
    items = list(read_inputs([folder]))
    assert sorted(i.text for i in items if isinstance(i, Document)) == sorted([EN, AR])
    skipped = {s.source.rsplit(":", 1)[1]: s for s in items if isinstance(s, Skipped)}
    assert sorted(skipped, key=int) == ["2", "3", "4", "7"]
    assert all(s.code == "E106" and "feed.jsonl:" in s.reason and ";" in s.reason for s in skipped.values())


def test_hostile_html_scripts_styles_and_handlers_yield_nothing(extractor) -> None:  # type: ignore[no-untyped-def]
    from kgraph.ingest import make_document
    from kgraph.ingest.html import html_to_text

    page = ("<html><head><title>T</title><script>var s = 'ISIS attacked the SDF'; if (a < b) {}</script>"
            "<style>p::before { content: 'ISIS attacked the SDF'; }</style></head><body>"
            "<div onclick=\"alert('ISIS attacked the SDF')\"><p>" + EN + "</p></div>"
            "<script type='application/ld+json'>{\"text\": \"ISIS attacked the SDF\"}</script>"
            "<noscript>ISIS attacked the SDF</noscript><p>unclosed <b>bold <i>italic</p></body>")
    text = html_to_text(page).text
    assert EN in text and "ISIS" not in text and "alert" not in text and "content:" not in text
    facts = {(r.subject.key, r.predicate, r.object.key)
             for r in extractor.extract(make_document(text, source="page.html", lang="en")).relations}
    assert facts == {("coalition", "supports", "iraqi_security_forces")}


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202b", "\u202e",
                                       "\u2066", "\u2069", "\u061c", "\ufeff", "\u00ad", "\u2060"])
@pytest.mark.parametrize(("sentence", "lang", "inside"), [
    (EN, "en", ["Coalition", "Iraqi Security Forces"]),
    (AR, "ar", ["التحالف الدولي", "القوات العراقية"]),
    (AR_ATTACK, "ar", ["داعش", "قوات سوريا الديمقراطية"]),
])
def test_hostile_invisible_characters_inside_actor_names(extract_triples, invisible: str, sentence: str, lang: str,
                                                         inside: list[str]) -> None:  # type: ignore[no-untyped-def]
    dirty = sentence
    for name in inside:
        middle = len(name) // 2
        dirty = dirty.replace(name, name[:middle] + invisible + name[middle:])
    assert dirty != sentence
    clean = extract_triples(sentence, lang)
    assert clean and extract_triples(dirty, lang) == clean


def test_hostile_too_large_file_is_skipped_with_the_setting_named(articles, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = articles({"big.txt": EN * 100, "small.txt": AR})
    monkeypatch.setitem(settings.DEFAULTS, "max_file_bytes", 1000)
    items = list(read_inputs([folder]))
    (skip,) = [i for i in items if isinstance(i, Skipped)]
    assert skip.code == "E104" and "big.txt" in skip.reason and "max_file_bytes" in skip.reason
    assert [i.text for i in items if isinstance(i, Document)] == [AR]


def _long_line(chars: int) -> str:
    filler = "The weather in the region was calm and the markets were open today. "
    return EN + " " + filler * (chars // len(filler)) + "ISIS attacked the SDF near Raqqa."


def test_hostile_line_longer_than_spacy_max_length_is_processed(extractor) -> None:  # type: ignore[no-untyped-def]
    from kgraph.ingest import make_document

    text = _long_line(1_100_000)
    assert len(text) > extractor.nlp("en").max_length and "\n" not in text
    doc = make_document(text, source="long.txt", lang="en")
    t0 = time.perf_counter()
    extraction = extractor.extract(doc)
    seconds = time.perf_counter() - t0
    found = {(r.subject.key, r.predicate, r.object.key) for r in extraction.relations}
    assert ("coalition", "supports", "iraqi_security_forces") in found  # the start of the line
    assert any(r.subject.key == "isis" and r.sent_start > 1_000_000 for r in extraction.relations)  # its end
    for r in extraction.relations:
        assert doc.text[r.sent_start:r.sent_end] == r.evidence
    assert seconds < 120


def test_hostile_50mb_file_is_read_whole(articles) -> None:  # type: ignore[no-untyped-def]
    size = 50 * 1024 * 1024
    line = (EN + " " + AR + "\n\n").encode("utf-8")
    folder = articles({"huge.txt": line * (size // len(line) + 1)})
    assert (folder / "huge.txt").stat().st_size >= size
    (doc,) = list(read_inputs([folder]))
    assert isinstance(doc, Document) and len(doc.text.encode("utf-8")) >= size - 1000


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_hostile_50mb_file_is_built(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    filler = ("Reconstruction responsibilities notwithstanding, international humanitarian organisations "
              "acknowledged unprecedented infrastructural challenges. ") * 40
    body = (filler + "\n\n") * 2000
    text = EN + "\n\n" + body * (50 * 1024 * 1024 // len(body) + 1) + "\n\nISIS attacked the SDF near Raqqa.\n"
    folder = articles({"huge.txt": text})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    with (out / "edges.csv").open(encoding="utf-8") as fh:
        facts = {(row["subject"], row["predicate"], row["object"]) for row in csv.DictReader(fh)}
    assert {("coalition", "supports", "iraqi_security_forces"), ("isis", "attacks", "sdf")} <= facts  # start, end
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"]["read"] == 1 and report["skipped"] == []


@pytest.mark.parametrize("strict", [False, True])
def test_hostile_batch_builds_the_rest_and_reports_every_file(articles, tmp_path: Path, strict: bool) -> None:  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes] = {name: content for name, (content, *_rest) in CASES.items()}
    files["good.txt"] = EN
    files["feed.jsonl"] = json.dumps({"text": AR_ATTACK}) + "\n{broken\n"
    folder = articles(files)
    os.symlink(".", folder / "loop")
    out = tmp_path / "out"
    args = ["build", str(folder), "--out", str(out), *(["--strict"] if strict else [])]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    # a real process: stderr as users see it (in-process, pytest's log capture swallows the messages)
    result = subprocess.run([sys.executable, "-m", "kgraph", *args], env=env, capture_output=True, text=True,
                            timeout=240, check=False)
    assert result.returncode == (1 if strict else 0), result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    same_text = [s for s in report["skipped"] if s["code"] == "E109"]  # several cases decode to one text
    skipped = {Path(s["source"].split(":")[0]).name: s for s in report["skipped"] if s["code"] != "E109"}
    expected = {name for name, (_c, text, _code, _w) in CASES.items() if text is None} | {"feed.jsonl", "loop"}
    assert set(skipped) == expected
    for name, entry in skipped.items():
        assert name in entry["reason"] and entry["code"].startswith("E1")
        assert name in result.stderr  # and on stderr
    assert any("broken-utf8.txt" in w for w in report["warnings"])
    read = report["documents"]["read"]
    assert read + len(same_text) == 1 + 1 + sum(1 for _c, text, *_ in CASES.values() if text is not None)
    assert report["relations"]["facts"] >= 2
    if strict:
        assert "--strict" in result.stderr


# ---------------------------------------------------------------- issue 13: one bad item never stops a batch


def _report(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "content", "code"), [
    ("surrogate.jsonl", '{"text": "ISIS threatens Iraq \\ud800."}\n', "W104"),
    ("surrogate-title.jsonl", '{"text": "ISIS threatens Iraq.", "title": "\\udfff", "url": "x\\ud801"}\n', "W104"),
    ("bad-lang.jsonl", '{"text": "ISIS threatens Iraq.", "lang": "en us"}\n', "W105"),
    ("bad-lang2.jsonl", '{"text": "ISIS threatens Iraq.", "lang": "<script>"}\n', "W105"),
    ("bad-date.jsonl", '{"text": "ISIS threatens Iraq.", "date": "yesterday"}\n', "W107"),
    ("bad-date2.jsonl", '{"text": "ISIS threatens Iraq.", "date": "2024-13-45"}\n', "W107"),
    ("bad-date.html", '<html><meta name="date" content="soon"><p>ISIS threatens Iraq.</p></html>', "W107"),
    (os.fsdecode(b"caf\xe9-\xff.txt"), "ISIS threatens Iraq.\n", "W106"),
])
def test_hostile_issue13_bad_item_is_repaired_with_a_code_and_the_rest_built(articles, tmp_path: Path, name: str,
                                                                             content: str, code: str) -> None:  # type: ignore[no-untyped-def]
    from rdflib import XSD

    from kgraph.build import build_graph

    folder = articles({"good.txt": EN})
    (folder / name).write_bytes(content.encode("utf-8"))
    out = tmp_path / "out"
    result = build_graph([folder], out=out)
    report = _report(out)
    assert report["documents"]["read"] == 2 and report["skipped"] == []
    assert any(w.endswith(f"({code})") for w in report["warnings"]), report["warnings"]
    texts = {d.text for d in result.corpus.documents}
    assert EN in texts
    for lit in result.dataset.objects():
        if getattr(lit, "datatype", None) == XSD.date:
            assert not lit.ill_typed, lit
    (out / "graph.ttl").read_text(encoding="utf-8")  # every output is valid UTF-8


def test_hostile_issue13_nul_byte_in_jsonl_skips_only_its_line(articles) -> None:  # type: ignore[no-untyped-def]
    lines = [json.dumps({"text": EN}), '{"text": "bad \x00 line"}', json.dumps({"text": AR})]
    folder = articles({"feed.jsonl": "\n".join(lines).encode("utf-8")})
    items = list(read_inputs([folder]))
    assert sorted(i.text for i in items if isinstance(i, Document)) == sorted([EN, AR])
    (skip,) = [i for i in items if isinstance(i, Skipped)]
    assert skip.code == "E106" and skip.source.endswith("feed.jsonl:2") and "NUL" in skip.reason


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-urandom"])
def test_hostile_issue13_pipes_and_devices_are_checked_before_reading(tmp_path: Path, kind: str) -> None:
    """A FIFO or a link to /dev/zero hung the build (or took all memory): the file was hashed before its checks."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(EN, encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(folder / "pipe.txt")
        bad, code = folder / "pipe.txt", "E105"
    elif kind == "dev-zero":
        os.symlink("/dev/zero", folder / "zero.txt")
        bad, code = folder / "zero.txt", "E105"
    else:
        os.symlink("/dev/urandom", folder / "random.txt")
        bad, code = folder / "random.txt", "E105"
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    script = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
              "from kgraph.cli import main; sys.exit(main(sys.argv[1:]))")
    for args in (["build", str(bad), str(folder / "good.txt"), "--out", str(out)],
                 ["build", str(folder), "--out", str(out), "--follow-symlinks"]):
        result = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                                timeout=120, check=False)
        assert result.returncode == 0, result.stderr[-2000:]
        report = _report(out)
        assert report["documents"]["read"] == 1
        assert [(Path(s["source"]).name, s["code"]) for s in report["skipped"]] == [(bad.name, code)]


def test_hostile_issue13_load_bytes_stops_at_the_limit_for_files_that_say_they_are_empty() -> None:
    from kgraph.errors import TooLarge
    from kgraph.ingest.read import load_bytes

    environ = Path("/proc/self/environ")
    if not environ.exists() or environ.stat().st_size != 0:
        pytest.skip("no /proc here")
    with pytest.raises(TooLarge):
        load_bytes(environ, limit=8)
    assert load_bytes(environ, limit=1 << 20)  # within the limit it is read


@pytest.mark.parametrize(("data", "expected", "encoding", "warned"), [
    # mostly Latin text, UTF-8 with one broken byte: was decoded as Windows-1256 ("dأ©clarأ©")
    ("Le ministre a déclaré que l'armée est prête. ".encode() * 3 + b"\xff", "déclaré", "utf-8 (1 invalid", "W101"),
    # Windows-1252 French: no valid UTF-8 at all, not Arabic either
    ("Le ministre a déclaré que l'armée est prête à agir. ".encode("cp1252") * 3, "déclaré", "windows-1252", "W103"),
    # real Windows-1256 Arabic is still read, and its encoding reported
    ((AR + " " + AR_ATTACK).encode("cp1256"), AR, "windows-1256", None),
    ((AR + " " + AR_ATTACK).encode("utf-16-le"), AR, "utf-16-le", None),
])
def test_hostile_issue13_legacy_encodings_only_when_plausible_and_reported(articles, tmp_path: Path, data: bytes,
                                                                           expected: str, encoding: str,
                                                                           warned: str | None) -> None:  # type: ignore[no-untyped-def]
    from kgraph.build import build_graph

    folder = articles({"article.txt": data})
    out = tmp_path / "out"
    result = build_graph([folder], out=out)
    (doc,) = result.corpus.documents
    assert expected in doc.text and "\u0623\u00a9" not in doc.text  # no "أ©"
    report = _report(out)
    (source, used), = report["encodings"].items()
    assert source.endswith("article.txt") and used.startswith(encoding)
    assert [w[-5:-1] for w in report["warnings"]] == ([warned] if warned else [])


def test_hostile_issue13_symlinks_do_not_leave_the_named_folders(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(AR, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(EN, encoding="utf-8")
    (folder / "inner").mkdir()
    (folder / "inner" / "also.txt").write_text(AR_ATTACK, encoding="utf-8")
    os.symlink(outside, folder / "out-dir")
    os.symlink(outside / "secret.txt", folder / "out-file.txt")
    os.symlink("/proc/self", folder / "proc")
    os.symlink("inner", folder / "inner-link")  # inside the named folder: followed (and then seen twice)
    items = list(read_inputs([folder]))
    texts = sorted(i.text for i in items if isinstance(i, Document))
    assert AR not in texts and EN in texts and AR_ATTACK in texts
    skipped = {Path(i.source).name: i.code for i in items if isinstance(i, Skipped)}
    assert skipped == {"out-dir": "E111", "out-file.txt": "E111", "proc": "E111", "inner-link": "E108"}
    followed = [i for i in read_inputs([folder / "out-dir", folder / "good.txt"]) if isinstance(i, Document)]
    assert [d.text for d in followed] == [AR, EN]  # a link named on its own is a root
    assert AR in {i.text for i in read_inputs([folder / "out-dir"], follow_symlinks=True) if isinstance(i, Document)}
