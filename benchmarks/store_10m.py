"""The first query over a very large output, and later queries: whole ``kgraph query`` processes.

    python benchmarks/store_10m.py --source OUTPUT_DIR [--quads 10000000] [--out DIR] [--repeat 5]

``OUTPUT_DIR`` is a ``kgraph build`` output folder (e.g. of 2,000 articles from ``benchmarks/corpus.py``). Its
documents (from its extraction cache) are resolved once, then copied with fresh document ids until the graph
holds about ``--quads`` quads, and written by kgraph's own writer (:func:`kgraph.output.write_outputs`) into
``--out``: an output folder of the shape of a real build, actors shared, one named graph per document.

Then, each as a whole process (``python -m kgraph query``), with its wall time, CPU time and peak memory:

* the first query, which builds the query store (Oxigraph's bulk loader; default graph = ``graph.ttl``);
* ``--repeat`` later 1-hop queries (the facts around one actor) on the warm store.

It fails (exit 1) when a query returns no row or the folder does not hold one complete output set.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HOP = "SELECT ?p ?o WHERE {{ {actor} ?p ?o }}"


def make_output(source: Path, out: Path, *, quads: int) -> int:
    """Write a copy of ``source``'s documents, replicated to about ``quads`` quads, into ``out``."""
    from kgraph.atomic import STATE_DIR
    from kgraph.extract import Extractor
    from kgraph.graph import to_networkx
    from kgraph.incremental import extraction_from_json, load_state
    from kgraph.model import BuildResult, Corpus
    from kgraph.output import write_outputs
    from kgraph.resolve import resolve

    state = load_state(source)
    if state is None:
        raise SystemExit(f"{source} is not a kgraph output folder with an extraction cache")
    cache = source / STATE_DIR / "extractions"
    extractions = []
    for name, offset, length in state["extractions"].values():
        with (cache / name).open("rb") as fh:
            fh.seek(offset)
            extractions.append(extraction_from_json(fh.read(length)))
    extractor = Extractor()
    base = resolve(extractions, extractor.gazetteer, schema=extractor.schema)
    per_doc = sum(1 for _ in (source / "graph.nq").open(encoding="utf-8")) / max(1, len(base.documents))
    copies = max(1, round(quads / (per_doc * len(base.documents))))
    documents, assertions = [], []
    for k in range(copies):
        for doc in base.documents:
            documents.append(replace(doc, id=f"{doc.id}r{k}"))
        for a in base.assertions:
            assertions.append(replace(a, relation=replace(a.relation, doc_id=f"{a.relation.doc_id}r{k}")))
    corpus = Corpus(documents=tuple(documents), actors=base.actors, assertions=tuple(assertions), merges=base.merges)
    result = BuildResult(corpus=corpus, dataset=lambda: None, graph=to_networkx(corpus),  # type: ignore[arg-type,return-value]
                         report={"benchmark": f"{copies} copies of {source}"})  # type: ignore[typeddict-item]
    shutil.rmtree(out, ignore_errors=True)
    write_outputs(result, out, schema=extractor.schema)
    return copies


def run(cmd: list[str]) -> dict[str, float | str]:
    """Run ``cmd`` as a whole process; its wall seconds, CPU seconds, peak RSS (MB, that process's own) and
    standard output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read().decode('utf-8', 'replace')}")
        stdout = out.read().decode("utf-8")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "stdout": stdout}


def _rows(stdout: str) -> int:
    return max(0, len([line for line in stdout.splitlines() if line.strip()]) - 1)  # CSV: a header, then rows


def main() -> None:
    from kgraph.atomic import check_outputs
    from kgraph.query.store import STORE_DIR

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, required=True, help="a kgraph output folder (with its .kgraph cache)")
    ap.add_argument("--quads", type=int, default=10_000_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/kgraph-10m"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="keep an existing --out (only the store is rebuilt)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        copies = make_output(args.source, args.out, quads=args.quads)
        print(f"wrote {copies} copies of {args.source} into {args.out}", file=sys.stderr)
        return
    if not (args.reuse and (args.out / "graph.nq").exists()):
        # in a process of its own: this one stays small, so that the peak memory of the processes it starts is
        # theirs (Linux counts the memory a process had when it forked into the peak of its child)
        subprocess.run([sys.executable, __file__, "--worker", "--source", str(args.source), "--out", str(args.out),
                        "--quads", str(args.quads)], check=True)
    check_outputs(args.out)
    quads = sum(1 for _ in (args.out / "graph.nq").open(encoding="utf-8"))
    shutil.rmtree(args.out / STORE_DIR, ignore_errors=True)
    kgraph = [sys.executable, "-m", "kgraph", "query", str(args.out), "--format", "csv"]
    first = run([*kgraph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    if _rows(str(first["stdout"])) != 1:
        raise SystemExit("the first query returned no row")
    actor = "kga:isis"
    later = [run([*kgraph, HOP.format(actor=actor)]) for _ in range(args.repeat)]
    rows = _rows(str(later[0]["stdout"]))
    if rows == 0:
        raise SystemExit(f"the 1-hop query around {actor} returned no row")
    store_mb = sum(p.stat().st_size for p in (args.out / STORE_DIR).rglob("*") if p.is_file()) / 1e6
    figures = {
        "quads": quads, "graph.trig MB": round((args.out / "graph.trig").stat().st_size / 1e6),
        "store MB": round(store_mb),
        "first query": {k: round(float(v), 2) for k, v in first.items() if k != "stdout"},
        "later 1-hop": {"rows": rows, **{k: round(statistics.median(float(r[k]) for r in later), 3)
                                         for k in ("wall", "cpu", "peak_mb")}},
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
