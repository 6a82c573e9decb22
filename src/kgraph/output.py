"""Write a build's outputs into a folder: every file atomic, ``manifest.json`` last."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.errors import OutputError

if TYPE_CHECKING:
    from kgraph.build import BuildResult


def write_outputs(result: BuildResult, out: Path) -> dict[str, str]:
    """Write graph.ttl, graph.trig, graph.nq, graph.jsonld, graph.graphml, edges.csv, graph.html,
    report.json and manifest.json into ``out``; return ``{file name: sha256}``.

    Raises:
        OutputError: ``out`` exists and is not a folder, or cannot be written.
    """
    from kgraph import export
    from kgraph.graph.rdf import union_graph
    from kgraph.render import render_html

    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder", fix="choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror}", fix="check the path and permissions") from exc
    union = union_graph(result.dataset)
    family = _families()
    texts = {
        "graph.ttl": export.canonical_turtle(union),
        "graph.trig": export.canonical_trig(result.dataset),
        "graph.nq": export.canonical_nquads(result.dataset),
        "graph.jsonld": export.jsonld_text(union),
        "graph.graphml": export.graphml_text(result.graph),
        "edges.csv": export.edges_csv(result.graph),
        "graph.html": render_html(result.corpus, title="kgraph", family=family),
        "report.json": export.json_text(result.report),
    }
    hashes = {}
    try:
        for name, text in texts.items():
            export.write_text(out / name, text)
            hashes[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        export.write_text(out / "manifest.json", export.json_text({"files": hashes}))
    except OSError as exc:
        raise OutputError(f"cannot write into {out}: {exc.strerror}", fix="check free space and permissions") from exc
    return hashes


def _families() -> dict[str, str]:
    """Each property's core super-property (``attacks`` → ``opposes``), from the ontology."""
    from rdflib import RDFS

    from kgraph.graph.rdf import ontology_graph
    from kgraph.model import CORE_PROPERTIES
    from kgraph.ontology import KG

    onto = ontology_graph()
    out: dict[str, str] = {}
    for s, _, _o in onto.triples((None, RDFS.subPropertyOf, None)):
        local = str(s).rsplit("#", 1)[-1]
        seen = {str(s)}
        cur = s
        while True:
            sup = onto.value(cur, RDFS.subPropertyOf)
            if sup is None or str(sup) in seen:
                break
            seen.add(str(sup))
            cur = sup
            name = str(sup)[len(KG):] if str(sup).startswith(KG) else ""
            if name in CORE_PROPERTIES:
                out[local] = name
                break
    return out


__all__ = ["write_outputs"]
