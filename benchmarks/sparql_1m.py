"""SPARQL latency on a kgraph-shaped graph of 1M+ triples (Oxigraph, as ``kgraph query`` runs it).

    python benchmarks/sparql_1m.py --source OUTPUT_DIR [--min-triples 1000000] [--repeat 5]

``OUTPUT_DIR`` is a ``kgraph build`` output folder (e.g. of 1,000 articles from ``benchmarks/corpus.py``).
Its ``graph.nq`` is replicated with fresh document and assertion IRIs (``kgd:…``, ``kgx:…``) until the dataset
holds at least ``--min-triples`` distinct triples: the shape of a real build — shared actors, one provenance
node per occurrence, one named graph per document — at a larger scale. Then typical queries run
``--repeat`` times each through :func:`kgraph.query.sparql.run_query`, over a store whose default graph is the
union of all graphs, as ``kgraph query`` builds it (Oxigraph's bulk loader, then the union copied into the default
graph by Oxigraph). Every query must return rows: the benchmark fails (exit 1) otherwise.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

DOC = "<https://w3id.org/kgraph/doc/"
ASSERTION = "<https://w3id.org/kgraph/assertion/"

QUERIES = {
    "facts of one property (LIMIT 100)": "SELECT ?s ?o WHERE { ?s kg:supports ?o } LIMIT 100",
    "opposes family via rdfs:subPropertyOf*, with labels": """
        SELECT ?s ?p ?o ?ls WHERE { ?p rdfs:subPropertyOf* kg:opposes . ?s ?p ?o .
          ?s rdfs:label ?ls FILTER(lang(?ls) = "en") } LIMIT 1000""",
    "evidence of one fact (provenance)": """
        SELECT ?doc ?ev ?speaker WHERE { ?a rdf:subject SUBJECT ; rdf:predicate kg:supports ;
          rdf:object OBJECT ; prov:wasDerivedFrom ?doc ; kg:evidence ?ev .
          OPTIONAL { ?a kg:assertedBy ?speaker } } LIMIT 1000""",
    "top 10 actors by assertions (GROUP BY)": """
        SELECT ?s (COUNT(?a) AS ?n) WHERE { ?a rdf:subject ?s } GROUP BY ?s ORDER BY DESC(?n) LIMIT 10""",
    "speakers × property counts": """
        SELECT ?speaker ?p (COUNT(*) AS ?n) WHERE { ?a kg:assertedBy ?speaker ; rdf:predicate ?p }
        GROUP BY ?speaker ?p ORDER BY DESC(?n) LIMIT 20""",
    "label search (Arabic substring)": """
        SELECT ?x ?l WHERE { ?x rdfs:label|skos:altLabel ?l FILTER(CONTAINS(STR(?l), "داعش")) } LIMIT 100""",
}


def replicate(nquads: str, *, min_triples: int) -> tuple[bytes, int]:
    """Copies of ``nquads`` with fresh document/assertion IRIs until ``min_triples`` distinct triples."""
    lines = [line for line in nquads.splitlines() if line.strip()]
    shared = [line for line in lines if DOC not in line and ASSERTION not in line]
    own = [line for line in lines if DOC in line or ASSERTION in line]
    per_copy = len({line.rsplit(" ", 2)[0] for line in own})  # distinct triples per copy (graph name dropped)
    base = len({line.rsplit(" ", 2)[0] for line in shared})
    copies = max(1, -(-(min_triples - base) // max(1, per_copy)))
    out = [*shared]
    for k in range(copies):
        out.extend(line.replace(DOC, f"{DOC}r{k}-").replace(ASSERTION, f"{ASSERTION}r{k}-") for line in own)
    return ("\n".join(out) + "\n").encode("utf-8"), copies


def main() -> None:
    import pyoxigraph as ox

    from kgraph.query.sparql import run_query

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, required=True, help="a kgraph output folder (with graph.nq)")
    ap.add_argument("--min-triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    data, copies = replicate((args.source / "graph.nq").read_text(encoding="utf-8"), min_triples=args.min_triples)
    t0 = time.perf_counter()
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")  # the default graph: the union
    load = time.perf_counter() - t0
    quads = len(store)
    triples = len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    print(f"{copies} copies of {args.source}/graph.nq: {quads - triples} quads in named graphs, {triples} distinct "
          f"triples in the default graph, loaded in {load:.1f} s; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    # the provenance query asks about the supports fact with the most assertions
    top = run_query(store, "SELECT ?s ?o WHERE { ?f a kg:Fact ; rdf:subject ?s ; rdf:predicate kg:supports ; "
                           "rdf:object ?o ; kg:assertionCount ?n } ORDER BY DESC(?n) LIMIT 1").rows
    if not top:
        raise SystemExit("the graph has no supports fact")
    fact = {"SUBJECT": f"<{top[0][0].value}>", "OBJECT": f"<{top[0][1].value}>"}
    print("\n| query | rows | median ms | min ms |\n|---|---|---|---|")
    empty = []
    for name, q in QUERIES.items():
        times, rows = [], 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            res = run_query(store, q.replace("SUBJECT", fact["SUBJECT"]).replace("OBJECT", fact["OBJECT"]))
            times.append((time.perf_counter() - t) * 1000)
            rows = len(res.rows)
        print(f"| {name} | {rows} | {statistics.median(times):.1f} | {min(times):.1f} |")
        if rows == 0:
            empty.append(name)
    if empty:
        raise SystemExit(f"no row for: {', '.join(empty)} (the graph lacks what the query asks for)")


if __name__ == "__main__":
    main()
