"""Writing graph.ttl, graph.trig, graph.nq and graph.jsonld as documents come, without an RDF store.

Each document's graph is rendered when the document is added (:meth:`GraphWriter.add_document`): the TriG
block of each of its subjects, its N-Quads lines, and the Turtle and JSON-LD of the nodes only it has (the
document node and its assertion nodes) go into sorted runs on disk (:class:`kgraph.runs.SortedRuns`). A long
document is rendered :data:`ASSERTIONS_PER_PIECE` assertion nodes at a time, so its whole graph is never in
memory (issue 13: a 50 MB article). Only the actors and the facts are kept in memory;
:meth:`GraphWriter.finish` adds the actors graph and the facts graph, and returns the four files as
producers for :func:`kgraph.atomic.publish`, each a merge of its runs.

The files are byte-identical to the canonical writers of :mod:`kgraph.export` over the whole dataset, and
they do not depend on the order of :meth:`~GraphWriter.add_document` calls: documents extracted by several
worker processes can be added in any order.

>>> import tempfile
>>> from pathlib import Path
>>> from kgraph.model import Document
>>> doc = Document(id="d1", text="t", lang="en", source="s.txt", content_hash="h")
>>> with GraphWriter(Path(tempfile.mkdtemp())) as w:
...     w.add_document(doc, [])
...     files = w.finish({}, ())
...     nq = "".join(files["graph.nq"]())
>>> nq.splitlines()[0]
'<https://w3id.org/kgraph/doc/d1> <http://purl.org/dc/terms/language> "en" <https://w3id.org/kgraph/doc/d1> .'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from kgraph.errors import OutputError
from kgraph.export import (
    JSONLD_HEAD,
    JSONLD_TAIL,
    TRIG_TAIL,
    TURTLE_HEADER,
    Grouped,
    JsonTerms,
    NTerms,
    Terms,
    group,
    indented,
    jsonld_node,
    nquad_lines,
    trig_head,
    turtle_block,
)
from kgraph.graph.triples import (
    ACTORS_GRAPH,
    FACTS_GRAPH,
    FactTable,
    Triple,
    actor_triples,
    assertion_iri,
    assertion_triples,
    document_node_triples,
    ontology_triples,
)
from kgraph.model import Actor, Assertion, Document, Duplicate, Merge
from kgraph.ontology import KGA, KGD

if TYPE_CHECKING:
    from kgraph.dedup import Stories
    from kgraph.schema import Schema

#: The files :class:`GraphWriter` makes.
RDF_FILES = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld")
#: Characters of text per piece handed to the file writer.
_PIECE = 1 << 20
#: Assertion nodes of one document rendered at a time (a few MB of triples and text).
ASSERTIONS_PER_PIECE = 2048
_SCRATCH_PREFIX = "sort-"


class GraphWriter:
    """The RDF files of one build, written as documents come (see the module docstring).

    Args:
        folder: a scratch folder for the sorted runs (created; removed by :meth:`close`).
        budget: about how many characters of text each of the three run sets holds in memory before it
            writes a run (default 48 million: a peak of a few hundred MB however large the build).
        stories: which documents copy which (:class:`kgraph.dedup.Stories`), so that the facts graph counts a
            story once (default: every document its own story).
    """

    def __init__(self, folder: Path, *, budget: int = 48_000_000, stories: Stories | None = None) -> None:
        from kgraph.runs import SortedRuns

        self.folder = folder
        self._nq = SortedRuns(folder / "nq", budget=budget, unique=True)
        self._trig = SortedRuns(folder / "trig", budget=budget)
        self._subjects = SortedRuns(folder / "subjects", budget=budget)
        self._facts = FactTable(stories)
        self._used: set[str] = set()
        self._terms = Terms()
        self._json = JsonTerms()
        self._n3 = NTerms()
        self._finished = False
        self.documents = 0
        #: the ontology declarations written into the actors graph (set by :meth:`finish`)
        self.declarations: list[Triple] = []

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def add_document(self, doc: Document, assertions: Sequence[Assertion], duplicate: Duplicate | None = None
                     ) -> None:
        """Add the graph of ``doc`` with its resolved ``assertions`` (documents may come in any order), and
        ``duplicate`` when it copies another document."""
        if self._finished:
            raise RuntimeError("add_document after finish")
        self._facts.add(assertions, doc.date)
        name = KGD + doc.id
        # The triples of one assertion node all come from the assertions that share its IRI: those go into
        # one piece (the piece is chosen by the IRI's hash), so every node is one record however the
        # document is cut.
        n = -(-len(assertions) // ASSERTIONS_PER_PIECE)
        pieces: Sequence[Sequence[Assertion]] = [assertions]
        if n > 1:
            buckets: list[list[Assertion]] = [[] for _ in range(n)]
            for a in assertions:
                buckets[hash(assertion_iri(a)) % n].append(a)
            pieces = buckets
        facts: set[Triple] = set()  # the facts the document asserts (actor subjects): few, written once
        triples = document_node_triples(doc, self._used, duplicate)
        for piece in pieces:
            for t in assertion_triples(doc, piece, self._used):
                if t[0].startswith(KGA):
                    facts.add(t)
                else:
                    triples.append(t)
            self._add_graph(name, triples, own_nodes=True)
            triples = []
        if triples:  # a document without assertions: its node alone
            self._add_graph(name, triples, own_nodes=True)
        if facts:
            self._add_graph(name, list(facts), own_nodes=False)
        self.documents += 1

    def _add_graph(self, name: str, triples: list[Triple], *, own_nodes: bool) -> None:
        """Add ``triples``, part of graph ``name``, whose subjects are in no other call for ``name``;
        ``own_nodes``: their subjects are nodes only this graph has (written to graph.ttl and graph.jsonld
        here; the actors of the facts a document asserts are written with the actors)."""
        terms = self._terms
        for s, preds in group(triples).items():
            if own_nodes:
                block = turtle_block(s, preds, terms)
                self._subjects.add((s, block, jsonld_node(s, preds, self._json)))
                self._trig.add((name, s, indented(block)))
            else:
                self._trig.add((name, s, turtle_block(s, preds, terms, "    ")))
        self._nq.extend([(line,) for line in nquad_lines(name, triples, self._n3)])

    def finish(self, actors: Mapping[str, Actor], merges: Sequence[Merge], *,
               schema: Schema | None = None) -> dict[str, Callable[[], Iterable[str]]]:
        """Add the actors graph and the facts graph, with the declarations from ``schema`` (default: the
        shipped ontology) of the terms the graph uses (kept in :attr:`declarations`); return a producer of each
        file of :data:`RDF_FILES`.

        The producers read the runs: call them before :meth:`close`.
        """
        from kgraph.schema import load_schema

        self._finished = True
        used = self._used
        actor_graph = actor_triples(actors, merges, used)
        fact_graph = self._facts.triples(used)
        self.declarations = ontology_triples(used, schema if schema is not None else load_schema())
        actor_graph += self.declarations
        for name, triples in ((ACTORS_GRAPH, actor_graph), (FACTS_GRAPH, fact_graph)):
            if triples:
                self._add_graph(name, triples, own_nodes=False)
        union: Grouped = group(actor_graph)
        group(fact_graph, into=union)
        group(self._facts.fact_triples(), into=union)
        for s, preds in union.items():
            self._subjects.add((s, turtle_block(s, preds, self._terms), jsonld_node(s, preds, self._json)))
        return {"graph.ttl": self._turtle, "graph.trig": self._trig_text, "graph.nq": self._nquads,
                "graph.jsonld": self._jsonld}

    def _subject_records(self) -> Iterator[tuple[str, ...]]:
        last = None
        for record in self._subjects:
            if record[0] == last:
                raise OutputError(f"the node {last} is written twice", fix="report this as a bug")
            last = record[0]
            yield record

    def _turtle(self) -> Iterator[str]:
        yield TURTLE_HEADER
        yield from _pieces("\n" + r[1] for r in self._subject_records())

    def _trig_text(self) -> Iterator[str]:
        yield TURTLE_HEADER
        yield from _pieces(_trig_graphs(self._trig))

    def _nquads(self) -> Iterator[str]:
        yield from _pieces(r[0] for r in self._nq)

    def _jsonld(self) -> Iterator[str]:
        yield JSONLD_HEAD
        records = self._subject_records()
        first = next(records, None)
        if first is not None:
            yield first[2]
            yield from _pieces(",\n" + r[2] for r in records)
        yield JSONLD_TAIL

    def close(self) -> None:
        """Remove the runs and the scratch folder."""
        for runs in (self._nq, self._trig, self._subjects):
            runs.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _trig_graphs(records: Iterable[tuple[str, ...]]) -> Iterator[str]:
    """The TriG of the named graphs whose ``(graph, subject, block)`` records come sorted."""
    name = None
    for record in records:
        if record[0] != name:
            if name is not None:
                yield TRIG_TAIL
            name = record[0]
            yield trig_head(name) + record[2]
        else:
            yield "\n" + record[2]
    if name is not None:
        yield TRIG_TAIL


def _pieces(texts: Iterable[str]) -> Iterator[str]:
    """``texts`` joined into pieces of about :data:`_PIECE` characters (fewer, larger writes)."""
    buf: list[str] = []
    size = 0
    for text in texts:
        buf.append(text)
        size += len(text)
        if size >= _PIECE:
            yield "".join(buf)
            buf, size = [], 0
    if buf:
        yield "".join(buf)


def scratch_folder(state: Path) -> Path:
    """A new scratch folder for a :class:`GraphWriter` under ``state`` (an output folder's ``.kgraph``), after
    removing those that killed builds left (their process is gone)."""
    state.mkdir(parents=True, exist_ok=True)
    for old in state.glob(f"{_SCRATCH_PREFIX}*"):
        pid = old.name[len(_SCRATCH_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-", dir=state))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


__all__ = ["RDF_FILES", "GraphWriter", "scratch_folder"]
