"""What ``kgraph build --out`` writes: the graph in every format, the explorer page and the report.

The files are made one at a time by :mod:`kgraph.export` and :mod:`kgraph.render` and published as one
crash-safe generation by :func:`kgraph.atomic.publish` (see there for the folder layout).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.atomic import Producer, check_folder, publish

if TYPE_CHECKING:
    from kgraph.model import Assertion, BuildResult, Timings
    from kgraph.schema import Schema

#: The files ``kgraph build`` writes, in the order they are written (``manifest.json`` is added last).
OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml", "edges.csv",
                "graph.html", "report.json")


def write_outputs(result: BuildResult, out: Path, *, lock_wait: float | None = None,
                  timings: Timings | None = None, schema: Schema | None = None,
                  internal: Mapping[str, Producer] | None = None) -> dict[str, str]:
    """Write graph.ttl, graph.trig, graph.nq, graph.jsonld, graph.graphml, edges.csv, graph.html,
    report.json and manifest.json into ``out``; return ``{file name: sha256}``.

    The RDF files are written from ``result.corpus`` by a :class:`kgraph.graph.writer.GraphWriter` (sorted runs
    in a scratch folder under ``out/.kgraph/``), never through ``result.dataset``.

    Args:
        result: what :func:`kgraph.build_graph` made.
        out: the output folder (created when missing).
        lock_wait: seconds to wait for another build writing into ``out`` (default: setting ``lock_wait``).
        timings: the report's timings, given the seconds of each file (``write_files_seconds``, with
            ``triples`` for rendering the documents' graphs into runs) and the whole writing
            (``write_seconds``; CPU seconds: ``cpu_seconds["write"]``) before ``report.json`` is written; it
            should be ``result.report["timings"]``.
        schema: the vocabulary whose declarations the graph carries (default: the shipped ontology; a build
            gives the one with the user's ``--actors`` and ``--lexicon`` files).
        internal: files of the same generation that are not outputs (the incremental build state), see
            :func:`kgraph.atomic.publish`.

    Raises:
        OutputError: ``out`` exists and is not a folder, cannot be written, or another build holds it.
    """
    from kgraph import export
    from kgraph.atomic import STATE_DIR
    from kgraph.dedup import Stories
    from kgraph.graph.triples import families
    from kgraph.graph.writer import GraphWriter, scratch_folder
    from kgraph.render import render_html

    started = time.perf_counter()
    cpu_started = time.process_time()
    check_folder(out)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    # The serialisers allocate millions of short-lived objects next to a large, long-lived corpus: the cyclic
    # garbage collector would walk it again and again. Nothing they make is cyclic garbage, so it is paused.
    paused = gc.isenabled()
    gc.disable()
    try:
        corpus = result.corpus
        stories = Stories(corpus.documents, corpus.duplicates, corpus.exact_copies)
        with GraphWriter(scratch_folder(out / STATE_DIR), stories=stories) as writer:
            by_doc: dict[str, list[Assertion]] = {}
            for a in corpus.assertions:
                by_doc.setdefault(a.relation.doc_id, []).append(a)
            copies = {d.document: d for d in corpus.duplicates}
            for doc in corpus.documents:
                writer.add_document(doc, by_doc.get(doc.id, ()), copies.get(doc.id))
            rdf = writer.finish(corpus.actors, corpus.merges, schema=schema)
            # the explorer's colours follow the vocabulary the graph itself carries
            family = families(writer.declarations)
            seconds["triples"] = round(time.perf_counter() - started, 3)
            cpu["triples"] = round(time.process_time() - cpu_started, 3)

            def report() -> str:
                if timings is not None:
                    timings["write_files_seconds"] = dict(seconds)
                    timings["write_seconds"] = round(time.perf_counter() - started, 3)
                    timings.setdefault("cpu_seconds", {}).update(cpu)
                    timings["cpu_seconds"]["write"] = round(time.process_time() - cpu_started, 3)
                return export.json_text(result.report)

            # producers, not texts: each file is made, written and dropped in turn (one output in memory at a time)
            producers: dict[str, Producer] = {
                **rdf,
                "graph.graphml": lambda: export.graphml_text(result.graph),
                "edges.csv": lambda: export.edges_csv(result.graph),
                "graph.html": lambda: render_html(result.corpus, title="kgraph", family=family),
                "report.json": report,
            }
            return publish(out, {name: _timed(name, producers[name], seconds, cpu) for name in OUTPUT_FILES},
                           lock_wait=lock_wait, internal=internal)
    finally:
        if paused:
            gc.enable()


def _timed(name: str, made: Producer, seconds: dict[str, float], cpu: dict[str, float]) -> Producer:
    """``made``, noting in ``seconds[name]`` and ``cpu[name]`` how long making (and handing over) its text
    took, in wall-clock and CPU seconds."""
    if not callable(made):
        return made

    def run() -> Iterator[str | bytes]:
        t0, c0 = time.perf_counter(), time.process_time()
        content = made()
        if isinstance(content, str | bytes):
            yield content
        else:
            yield from content
        seconds[name] = round(time.perf_counter() - t0, 3)
        cpu[name] = round(time.process_time() - c0, 3)

    return run


__all__ = ["OUTPUT_FILES", "write_outputs"]
