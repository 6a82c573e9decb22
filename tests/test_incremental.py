from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kgraph.build import build_graph, merge_outputs
from kgraph.cli import cli
from kgraph.errors import ConfigError, OutputError
from kgraph.incremental import STATE_DIR, extraction_from_json, extraction_to_json, state_path
from kgraph.model import Document, Extraction, Mention, Relation

# Short articles written for these tests (a made-up spokesman, real organisations).
DOCS = {
    "a/en-strike.txt": "Coalition strike in Anbar\n\nCol. Colton Ryder, spokesman for CJTF-OIR, said on Thursday "
                       "that the Coalition supports the Iraqi Security Forces.\n\nISIS threatens the camps, "
                       "Ryder said.\n",
    "a/ar-strike.txt": "غارة للتحالف في الأنبار\n\nقال المتحدث باسم قوة المهام المشتركة العقيد كولتون رايدر، يوم "
                       "الخميس، إن التحالف الدولي يدعم القوات الأمنية العراقية.\n",
    "b/en-talks.txt": "Talks in Baghdad\n\nThe Coalition condemned ISIS attacks on civilians. The Iraqi "
                      "government requested more training from the Coalition.\n",
    "b/ar-talks.txt": "محادثات في بغداد\n\nأدان التحالف الدولي هجمات داعش على المدنيين. وطلبت الحكومة العراقية "
                      "من التحالف الدولي مواصلة التدريب.\n",
    "b/feed.jsonl": json.dumps({"text": "The SDF detained ISIS fighters near Hasakah.", "lang": "en",
                                "date": "2024-05-02", "url": "https://example.org/sdf"}) + "\n{broken\n"
                    + json.dumps({"text": "The Coalition supports the SDF.", "lang": "en", "date": "2024-06-01"})
                    + "\n" + json.dumps({"text": "   "}) + "\n",
}

CANONICAL = ("graph.ttl", "graph.trig", "graph.nq", "graph.graphml", "edges.csv")


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _packs(out: str) -> set[str]:
    """The pack files of the extraction cache of ``out``."""
    return {p.name for p in Path(out, STATE_DIR, "extractions").iterdir()}


def _same_output(x: Path, y: Path) -> None:
    for name in CANONICAL:
        assert (x / name).read_bytes() == (y / name).read_bytes(), name
    assert isomorphic(Graph().parse(x / "graph.ttl"), Graph().parse(y / "graph.ttl"))
    dx, dy = Dataset(), Dataset()
    dx.parse(x / "graph.trig", format="trig")
    dy.parse(y / "graph.trig", format="trig")
    assert sorted(str(g.identifier) for g in dx.graphs()) == sorted(str(g.identifier) for g in dy.graphs())
    for g in dx.graphs():
        assert isomorphic(g, dy.graph(g.identifier)), g.identifier
    rx, ry = (json.loads((d / "report.json").read_text(encoding="utf-8")) for d in (x, y))
    for key in ("documents", "skipped", "actors", "relations"):
        assert rx[key] == ry[key], key


def _corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write DOCS under tmp_path/in and work from tmp_path (sources are recorded as given, relative)."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "in", DOCS)
    return tmp_path


@pytest.mark.parametrize("scenario", ["add", "add-file", "change", "delete", "nothing-new"])
def test_incremental_update_equals_full_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               scenario: str) -> None:
    _corpus(tmp_path, monkeypatch)
    a, b = Path("in/a"), Path("in/b")
    if scenario in ("add", "add-file"):
        build_graph([a], out="inc")
        build_graph([b] if scenario == "add" else [b / "en-talks.txt"], out="inc", update=True)
        full_inputs = [a, b] if scenario == "add" else [a, b / "en-talks.txt"]
    elif scenario == "change":
        build_graph([a, b], out="inc")
        (b / "en-talks.txt").write_text("Talks\n\nThe Coalition supports the Peshmerga.\n", encoding="utf-8")
        build_graph([b / "en-talks.txt"], out="inc", update=True)
        full_inputs = [a, b]
    elif scenario == "delete":
        build_graph([a, b], out="inc")
        (a / "ar-strike.txt").unlink()
        build_graph([b], out="inc", update=True)
        full_inputs = [a, b]
    else:
        build_graph([a, b], out="inc")
        build_graph([a], out="inc", update=True)
        full_inputs = [a, b]
    build_graph(full_inputs, out="full")
    _same_output(Path("inc"), Path("full"))


def test_incremental_update_extracts_only_new_or_changed_documents(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph.extract import Extractor

    _corpus(tmp_path, monkeypatch)
    build_graph([Path("in/a")], out="inc")
    calls: list[str] = []
    original = Extractor.extract

    def counting(self, doc):  # type: ignore[no-untyped-def]
        calls.append(doc.source)
        return original(self, doc)

    monkeypatch.setattr(Extractor, "extract", counting)
    result = build_graph([Path("in/b")], out="inc", update=True)
    assert sorted(calls) == ["https://example.org/sdf", "in/b/ar-talks.txt", "in/b/en-talks.txt", "in/b/feed.jsonl:3"]
    assert result.report["incremental"] == {"extracted": 4, "from_cache": 2}
    calls.clear()
    Path("in/a/en-strike.txt").write_text("Changed\n\nThe Coalition supports the SDF.\n", encoding="utf-8")
    build_graph([Path("in/b")], out="inc", update=True)
    assert calls == ["in/a/en-strike.txt"]
    # unused extractions are removed from the cache
    state = json.loads(state_path(Path("inc")).read_text(encoding="utf-8"))
    assert _packs("inc") == {name for name, _, _ in state["extractions"].values()}
    assert len(state["extractions"]) == 6


def test_incremental_update_from_another_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus_dir = _corpus(tmp_path, monkeypatch)
    build_graph([Path("in/a")], out="inc")
    monkeypatch.chdir(corpus_dir / "in")
    build_graph([Path("b")], out=corpus_dir / "inc", update=True)
    monkeypatch.chdir(corpus_dir)
    report = json.loads(Path("inc/report.json").read_text(encoding="utf-8"))
    assert report["documents"]["read"] == 6  # the earlier documents were found by their absolute paths
    sources = {d["source"] for f in json.loads(state_path(Path("inc")).read_text(encoding="utf-8"))["files"]
               for d in f["documents"]}
    assert "in/a/en-strike.txt" in sources and "b/en-talks.txt" in sources


@pytest.mark.parametrize("where", ["extract", "resolve", "graph", "triples", "write"])
def test_incremental_interrupted_update_leaves_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               where: str) -> None:
    import kgraph.build
    import kgraph.graph
    from kgraph.extract import Extractor
    from kgraph.graph.writer import GraphWriter

    _corpus(tmp_path, monkeypatch)
    build_graph([Path("in/a")], out="inc")
    before = {p.relative_to("inc"): p.read_bytes() for p in Path("inc").rglob("*") if p.is_file()}

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("interrupted")

    target = {"extract": (Extractor, "extract"), "resolve": (kgraph.build, "resolve"),
              "graph": (kgraph.graph, "to_networkx"), "triples": (GraphWriter, "add_document"),
              "write": (kgraph.build, "write_outputs")}[where]
    with monkeypatch.context() as m:
        m.setattr(*target, boom)
        with pytest.raises(RuntimeError, match="interrupted"):
            build_graph([Path("in/b")], out="inc", update=True)
    for rel, data in before.items():
        assert (Path("inc") / rel).read_bytes() == data, rel
    # and the next update completes as if nothing had happened
    build_graph([Path("in/b")], out="inc", update=True)
    build_graph([Path("in/a"), Path("in/b")], out="full")
    _same_output(Path("inc"), Path("full"))


@pytest.mark.parametrize("split", [(["in/a"], ["in/b"]), (["in/a/en-strike.txt", "in/b"], ["in/a/ar-strike.txt"]),
                                   (["in/a", "in/b"], ["in/b"])])
def test_incremental_merge_equals_one_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           split: tuple[list[str], list[str]]) -> None:
    corpus_dir = _corpus(tmp_path, monkeypatch)
    build_graph([Path(p) for p in split[0]], out="one")
    build_graph([Path(p) for p in split[1]], out="two")
    shutil.rmtree("in")  # a merge needs no input file
    merge_outputs(["one", "two"], out="merged")
    _write(corpus_dir / "in", DOCS)
    build_graph([Path(p) for p in dict.fromkeys(split[0] + split[1])], out="full")
    for name in CANONICAL:
        assert Path("merged", name).read_bytes() == Path("full", name).read_bytes(), name
    # the merged folder can be updated further
    Path("in/c").mkdir()
    Path("in/c/new.txt").write_text("News\n\nThe Coalition supports the Peshmerga.\n", encoding="utf-8")
    build_graph([Path("in/c")], out="merged", update=True)
    assert json.loads(Path("merged/report.json").read_text(encoding="utf-8"))["incremental"]["extracted"] == 1


def test_incremental_merge_refuses_other_options_and_plain_folders(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path, monkeypatch)
    build_graph([Path("in/a")], out="one")
    build_graph([Path("in/b")], out="two", lang="en")
    with pytest.raises(ConfigError):
        merge_outputs(["one", "two"], out="merged")
    Path("plain").mkdir()
    with pytest.raises(OutputError):
        merge_outputs(["one", "plain"], out="merged")
    assert not Path("merged").exists()


def test_incremental_cli_update_and_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path, monkeypatch)
    runner = CliRunner()
    for args in (["build", "in/a", "--out", "one", "-q"], ["build", "in/b", "--out", "two", "-q"],
                 ["merge", "--out", "merged", "one", "two", "-q"], ["build", "in/b", "--out", "one", "--update", "-q"],
                 ["build", "in/a", "in/b", "--out", "full", "-q"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    for name in CANONICAL:
        assert Path("merged", name).read_bytes() == Path("full", name).read_bytes() == Path("one", name).read_bytes()
    result = runner.invoke(cli, ["merge", "--out", "x", "one", "two", "--lang", "ar", "-q"])
    assert result.exit_code == 2 and "other options" in result.output


def test_incremental_extraction_json_round_trip(extractor) -> None:  # type: ignore[no-untyped-def]
    from kgraph.ingest import make_document

    for name, text in DOCS.items():
        if name.endswith(".txt"):
            ex = extractor.extract(make_document(text, source=name))
            assert ex.relations or ex.mentions
            data = extraction_to_json(ex, fingerprint="f")
            assert extraction_from_json(data) == ex
            assert extraction_to_json(extraction_from_json(data), fingerprint="f") == data


def test_incremental_cache_survives_an_output_writer_that_replaces_the_folder(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import kgraph.build

    _corpus(tmp_path, monkeypatch)
    original = kgraph.build.write_outputs

    def replacing(result, out, **options):  # type: ignore[no-untyped-def]
        shutil.rmtree(out, ignore_errors=True)  # e.g. a writer that swaps in a fresh generation folder
        return original(result, out, **options)

    monkeypatch.setattr(kgraph.build, "write_outputs", replacing)
    build_graph([Path("in/a")], out="one")
    build_graph([Path("in/b")], out="one", update=True)
    state = json.loads(state_path(Path("one")).read_text(encoding="utf-8"))
    assert _packs("one") == {name for name, _, _ in state["extractions"].values()}
    merge_outputs(["one"], out="merged")
    build_graph([Path("in/a"), Path("in/b")], out="full")
    for name in CANONICAL:
        assert Path("merged", name).read_bytes() == Path("full", name).read_bytes() == Path("one", name).read_bytes()


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_MENTION = st.builds(Mention, doc_id=_TEXT, start=st.integers(0, 10**6), end=st.integers(0, 10**6), text=_TEXT,
                     name=_TEXT, cls=st.sampled_from(["Person", "Military", "City"]),
                     lang=st.sampled_from(["ar", "en"]), sentence=st.integers(0, 1000), key=st.none() | _TEXT,
                     rule=_TEXT, role_of=st.none() | _TEXT)


@settings(max_examples=60, deadline=None)
@given(doc_text=_TEXT, mentions=st.lists(_MENTION, max_size=4), speaker=st.none() | _MENTION,
       confidence=st.floats(0, 1), flags=st.tuples(st.booleans(), st.booleans()), date=st.none() | _TEXT)
def test_incremental_extraction_json_round_trip_any_text(doc_text: str, mentions: list[Mention],
                                                         speaker: Mention | None, confidence: float,
                                                         flags: tuple[bool, bool], date: str | None) -> None:
    doc = Document(id="d", text=doc_text, lang="ar", source="s/«x».txt", content_hash="h", title=doc_text, date=date)
    relations = tuple(Relation(doc_id="d", subject=m, predicate="supports", object=m, sentence=1, sent_start=0,
                               sent_end=3, evidence=doc_text, trigger=m.text, rule="r", speaker=speaker,
                               negated=flags[0], hedged=flags[1], confidence=confidence, place=m)
                      for m in mentions)
    ex = Extraction(document=doc, mentions=tuple(mentions), relations=relations)
    assert extraction_from_json(extraction_to_json(ex)) == ex


@pytest.mark.parametrize("documents", [1, 300, 700])
def test_incremental_cache_fsyncs_once_per_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 documents: int) -> None:
    """Issue 18: the extraction cache writes packs of 256 documents, one fsync each (was two per document)."""
    import os

    from kgraph.incremental import ExtractionStore
    from kgraph.ingest import make_document

    calls: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    store = ExtractionStore(tmp_path, fingerprint="f")
    docs = [make_document(f"Document number {i}.", source=f"d{i}.txt") for i in range(documents)]
    for doc in docs:
        store.extract(doc, lambda d: Extraction(document=d, mentions=(), relations=()))
    store.flush()
    assert len(calls) == -(-documents // 256)
    reread = ExtractionStore(tmp_path, fingerprint="f", reuse=True)
    reread.known.update(store.known)
    assert all(reread._cached(d.id) == Extraction(document=d, mentions=(), relations=()) for d in docs)


@pytest.mark.parametrize("batch", [1, 2, 1024])
def test_incremental_issue13_extraction_json_is_made_in_pieces(extractor, batch: int,  # type: ignore[no-untyped-def]
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache line is written in pieces of a few mentions (a 50 MB article has a million), and is the same
    text as one ``json.dumps`` of the whole: compact, canonical JSON."""
    import tracemalloc

    from kgraph import incremental
    from kgraph.incremental import extraction_to_json_bytes
    from kgraph.ingest import make_document

    monkeypatch.setattr(incremental, "_JSON_BATCH", batch)
    text = "\n\n".join(t for name, t in DOCS.items() if name.endswith(".txt"))
    ex = extractor.extract(make_document(text, source="all.txt"))
    assert len(ex.mentions) > 2 and len(ex.relations) > 2
    line = extraction_to_json(ex, fingerprint="f")
    assert line == json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert extraction_from_json(line) == ex
    assert extraction_to_json_bytes(ex, fingerprint="f") == line.encode("utf-8")
    empty = Extraction(ex.document, (), ())
    assert extraction_to_json(empty) == json.dumps([json.loads(line)[0], "", [json.loads(line)[2][0], [], []]],
                                                   ensure_ascii=False, separators=(",", ":")) + "\n"
    if batch == 1024:  # memory: about twice the line, not the whole encoded structure besides (5 to 6 times)
        many = Extraction(ex.document, ex.mentions * 2000, ex.relations * 2000)
        tracemalloc.start()
        try:
            size = len(extraction_to_json_bytes(many, fingerprint="f"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 3 * size, f"{peak / size:.1f} times the line's size"
