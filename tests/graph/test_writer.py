"""The streaming writer: the same bytes as the canonical writers over the whole dataset, whatever the order of
the documents and however small the memory budget (runs spilled to disk)."""

from __future__ import annotations

import dataclasses
import random
import tracemalloc
from pathlib import Path

import pytest

from kgraph.export import canonical_nquads, canonical_trig, canonical_turtle, jsonld_text, union_triples
from kgraph.graph import build_dataset
from kgraph.graph import writer as writer_module
from kgraph.graph.writer import RDF_FILES, GraphWriter, scratch_folder
from kgraph.ingest import make_document
from kgraph.model import Assertion, Corpus
from kgraph.resolve import resolve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example_corpus(extractor) -> Corpus:  # type: ignore[no-untyped-def]
    docs = [make_document(p.read_text(encoding="utf-8"), source=p.name)
            for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    return resolve([extractor.extract(d) for d in docs], extractor.gazetteer, schema=extractor.schema)


def _written(corpus: Corpus, folder: Path, *, budget: int, seed: int | None) -> dict[str, str]:
    by_doc: dict[str, list[Assertion]] = {}
    for a in corpus.assertions:
        by_doc.setdefault(a.relation.doc_id, []).append(a)
    documents = list(corpus.documents)
    if seed is not None:
        random.Random(seed).shuffle(documents)
    with GraphWriter(folder / "scratch", budget=budget) as writer:
        for doc in documents:
            writer.add_document(doc, by_doc.get(doc.id, []))
        files = writer.finish(corpus.actors, corpus.merges)
        text = {name: "".join(files[name]()) for name in RDF_FILES}
        spilled = sum(runs.spilled for runs in (writer._nq, writer._trig, writer._subjects))
    assert not (folder / "scratch").exists()
    if budget < 10_000:
        assert spilled > 3  # the small budget did write runs to disk
    return text


def _with_repeats(corpus: Corpus) -> Corpus:
    """``corpus`` with every third assertion given twice, once with another speaker: two assertions of one node."""
    extra = [dataclasses.replace(a, speaker=a.subject) for a in corpus.assertions[::3]]
    return dataclasses.replace(corpus, assertions=(*corpus.assertions, *extra))


@pytest.mark.parametrize(("budget", "seed", "piece", "repeats"),
                         [(10**9, None, None, False), (2_000, None, None, False), (2_000, 7, None, False),
                          (500, 11, None, False), (10**9, None, 1, True), (2_000, 7, 2, True), (500, 3, 3, False)])
def test_writer_equals_the_canonical_writers(example_corpus: Corpus, tmp_path: Path, budget: int,
                                             seed: int | None, piece: int | None, repeats: bool,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    if piece is not None:  # documents rendered a few assertion nodes at a time (issue 13)
        monkeypatch.setattr(writer_module, "ASSERTIONS_PER_PIECE", piece)
    if repeats:
        example_corpus = _with_repeats(example_corpus)
    dataset = build_dataset(example_corpus)
    expected = {"graph.ttl": canonical_turtle(union_triples(dataset)), "graph.trig": canonical_trig(dataset),
                "graph.nq": canonical_nquads(dataset), "graph.jsonld": jsonld_text(union_triples(dataset))}
    written = _written(example_corpus, tmp_path, budget=budget, seed=seed)
    for name in RDF_FILES:
        assert written[name] == expected[name], name


def test_writer_scratch_folders_of_dead_builds_are_removed(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead = tmp_path / f"sort-{proc.stdout.strip()}-x"  # a pid that has exited
    (dead / "nq").mkdir(parents=True)
    fresh = scratch_folder(tmp_path)
    assert fresh.is_dir() and not dead.exists()
    assert scratch_folder(tmp_path).is_dir() and fresh.is_dir()  # a live build's folder stays


def test_writer_issue13_long_document_is_rendered_in_pieces(example_corpus: Corpus, tmp_path: Path) -> None:
    """A document with 30,000 assertions: adding it holds a piece of its graph, not the whole (which took
    418 MB here; a 50 MB article has about 500,000 assertions). What remains is the runs' budget and the
    writer's memos of term texts, which are bounded (200,000 terms each) whatever the document's length."""
    doc = example_corpus.documents[0]
    mine = [a for a in example_corpus.assertions if a.relation.doc_id == doc.id]
    assert mine
    many = [dataclasses.replace(a, relation=dataclasses.replace(a.relation, sentence=i,
                                                                 evidence=f"{i} {a.relation.evidence}"))
            for i in range(30_000 // len(mine) + 1) for a in mine]
    with GraphWriter(tmp_path / "scratch", budget=2_000_000) as writer:
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            writer.add_document(doc, many)
            peak = tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()
        assert writer._nq.records >= 14 * len(many)
    assert peak < 120 * 2**20, f"adding one long document took {peak / 2**20:.0f} MB"
