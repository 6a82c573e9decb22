"""What ``kgraph build --out`` writes: the graph in every format, the explorer page and the report.

The files are made one at a time by :mod:`kgraph.export` and :mod:`kgraph.render` and published as one
crash-safe generation by :func:`kgraph.atomic.publish` (see there for the folder layout).
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.atomic import Producer, check_folder, publish

if TYPE_CHECKING:
    from kgraph.model import BuildResult

#: The files ``kgraph build`` writes, in the order they are written (``manifest.json`` is added last).
OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml", "edges.csv",
                "graph.html", "report.json")


def write_outputs(result: BuildResult, out: Path, *, lock_wait: float | None = None,
                  internal: Mapping[str, Producer] | None = None) -> dict[str, str]:
    """Write graph.ttl, graph.trig, graph.nq, graph.jsonld, graph.graphml, edges.csv, graph.html,
    report.json and manifest.json into ``out``; return ``{file name: sha256}``.

    Args:
        result: what :func:`kgraph.build_graph` made.
        out: the output folder (created when missing).
        lock_wait: seconds to wait for another build writing into ``out`` (default: setting ``lock_wait``).
        internal: files of the same generation that are not outputs (the incremental build state), see
            :func:`kgraph.atomic.publish`.

    Raises:
        OutputError: ``out`` exists and is not a folder, cannot be written, or another build holds it.
    """
    from kgraph import export
    from kgraph.render import render_html

    check_folder(out)
    # The serialisers allocate millions of short-lived objects next to a large, long-lived graph: the cyclic
    # garbage collector would walk that graph again and again (a third of the writing time). Nothing they
    # make is cyclic garbage, so it is paused while they run.
    paused = gc.isenabled()
    gc.disable()
    try:
        graphs = export.dataset_graphs(result.dataset)
        triples = export.union_triples(graphs)
        # producers, not texts: each file is made, written and dropped in turn (one output in memory at a time)
        producers: dict[str, Producer] = {
            "graph.ttl": lambda: export.turtle_chunks(triples),
            "graph.trig": lambda: export.trig_chunks(graphs),
            "graph.nq": lambda: export.nquads_lines(graphs),
            "graph.jsonld": lambda: export.jsonld_chunks(triples),
            "graph.graphml": lambda: export.graphml_text(result.graph),
            "edges.csv": lambda: export.edges_csv(result.graph),
            "graph.html": lambda: render_html(result.corpus, title="kgraph", family=_families(result.dataset)),
            "report.json": lambda: export.json_text(result.report),
        }
        return publish(out, {name: producers[name] for name in OUTPUT_FILES}, lock_wait=lock_wait,
                       internal=internal)
    finally:
        if paused:
            gc.enable()


def _families(dataset: Any) -> dict[str, str]:
    """Each sub-property the graph declares → its core property (``attacks`` → ``opposes``): the explorer reads
    the vocabulary the graph itself carries (the shipped ontology and the user's lexicon files)."""
    from rdflib import RDFS

    from kgraph.schema import Schema

    pairs = {(str(s), str(o)) for s, _, o, _ in dataset.quads((None, RDFS.subPropertyOf, None, None))}
    return Schema.from_pairs(pairs).families()


__all__ = ["OUTPUT_FILES", "write_outputs"]
