"""End-to-end throughput, per-stage cost and its growth, against bare spaCy tokenisation of the same corpus.

    python benchmarks/throughput.py --sizes 2000 5000 10000 20000 [--corpus DIR] [--keep DIR] [--json FILE]

For every size N it runs, each as a whole process (so CPU time and peak memory are that run's own, start-up
included), one after the other (paired: the two see the same load on a shared machine):

* ``tokenize``: the first N articles read and decoded by kgraph, then only tokenised with a blank spaCy
  pipeline of the document's language (``spacy.blank("ar"|"en")``): the practical floor of any spaCy build;
* ``build``: ``kgraph build`` over the same N articles into an output folder. Its ``report.json`` gives the CPU
  seconds of every stage (extract, resolve, graph, the RDF triples, each file); the benchmark checks that the
  folder holds one complete output set (``manifest.json`` matches every file), that ``graph.nq`` has the
  quads of the report's graph and that a query over it returns rows — and fails (exit 1) otherwise.

It prints, per size, build ÷ tokenize (whole-process CPU seconds), words/s, peak memory and the per-stage CPU
seconds; then, between consecutive sizes, each stage's growth exponent ``log(t2/t1) / log(N2/N1)`` (1 is
linear), and the per-article CPU time of the largest size against the smallest. Rates are per CPU second, so
that other load on the machine does not inflate them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: The stages of report.json's cpu_seconds, in the order of a build.
STAGES = ("extract", "resolve", "graph", "triples", "graph.ttl", "graph.trig", "graph.nq", "graph.jsonld",
          "graph.graphml", "edges.csv", "graph.html", "report.json", "write")


def _files(corpus: Path, n: int) -> list[Path]:
    files = sorted(corpus.glob("*.txt"))[:n]
    if len(files) < n:
        raise SystemExit(f"{corpus} has only {len(files)} articles; generate more with benchmarks/corpus.py")
    return files


def worker_tokenize(corpus: Path, n: int) -> None:
    import spacy

    from kgraph.ingest import read_inputs
    from kgraph.model import Document

    nlp = {"ar": spacy.blank("ar"), "en": spacy.blank("en")}
    tokens = 0
    for item in read_inputs(_files(corpus, n)):
        if isinstance(item, Document):
            tokens += len(nlp["ar" if item.lang == "ar" else "en"].tokenizer(item.text))
    if not tokens:
        raise SystemExit("no token")


def _check_build(out: Path) -> dict[str, object]:
    """Fail unless ``out`` holds one complete, queryable output set; its report and sizes."""
    from kgraph.atomic import check_outputs
    from kgraph.query.sparql import run_query

    check_outputs(out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    quads = sum(1 for _ in (out / "graph.nq").open(encoding="utf-8"))
    if report["documents"]["read"] == 0 or quads == 0:
        raise SystemExit(f"{out}: an empty build")
    rows = run_query(out, "SELECT ?s ?o WHERE { ?s kg:supports ?o } LIMIT 5").rows
    if not rows:
        raise SystemExit(f"{out}: a query over the build returned no row")
    return {"report": report, "quads": quads,
            "sizes": {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}}


def _exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    return math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 10000, 20000])
    ap.add_argument("--corpus", type=Path, default=None, help="folder of articles (default: generate one)")
    ap.add_argument("--keep", type=Path, default=None, help="keep each build's output folder as KEEP/nN")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    ap.add_argument("--worker", choices=["tokenize"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker_tokenize(args.corpus, args.sizes[0])
        return
    sys.path.insert(0, str(HERE))
    from process import whole_process

    corpus = args.corpus
    if corpus is None:
        from corpus import generate

        corpus = Path(tempfile.mkdtemp(prefix="kgraph-corpus-"))
        generate(max(args.sizes), corpus)
    keep = args.keep or Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    rows = []
    for n in sorted(args.sizes):
        listing = keep / f"inputs-{n}"
        listing.mkdir(parents=True, exist_ok=True)
        for f in _files(corpus, n):  # the build reads a folder of exactly these N articles
            link = listing / f.name
            if not link.exists():  # a hard link (kgraph does not follow symlinks out of the named folder)
                try:
                    os.link(f, link)
                except OSError:  # another file system
                    shutil.copyfile(f, link)
        out = keep / f"n{n}"
        tok = whole_process([sys.executable, str(Path(__file__)), "--worker", "tokenize", "--corpus", str(corpus),
                              "--sizes", str(n)])
        bld = whole_process([sys.executable, "-m", "kgraph", "build", str(listing), "--out", str(out), "-q"])
        checked = _check_build(out)
        rows.append({"n": n, "tokenize": tok, "build": bld, **checked})
        print(f"n={n}: build {bld['cpu']:.1f} CPU s ({bld['wall']:.0f} s wall), tokenize {tok['cpu']:.1f} CPU s: "
              f"{bld['cpu'] / tok['cpu']:.1f}x", file=sys.stderr)
    print("| articles | words | build CPU s (wall) | tokenize CPU s | build ÷ tokenize | words/CPU s | "
          "peak RSS build MB | peak RSS tokenize MB | quads | graph.nq MB |")
    print("|" + "---|" * 10)
    for r in rows:
        rep, bld, tok = r["report"], r["build"], r["tokenize"]
        words = rep["documents"]["words"]
        print(f"| {r['n']:,} | {words:,} | {bld['cpu']:.1f} ({bld['wall']:.0f}) | {tok['cpu']:.2f} "
              f"| {bld['cpu'] / tok['cpu']:.1f}× | {words / bld['cpu']:,.0f} | {bld['peak_mb']:,.0f} "
              f"| {tok['peak_mb']:,.0f} | {r['quads']:,} | {r['sizes']['graph.nq'] / 1e6:.1f} |")
    print("\nCPU seconds per stage (report.json cpu_seconds; `write` is the whole of writing):\n")
    print("| stage | " + " | ".join(f"{r['n']:,}" for r in rows) + " | " +
          " | ".join(f"exponent {a['n']:,}→{b['n']:,}" for a, b in itertools.pairwise(rows)) + " |")
    print("|" + "---|" * (1 + len(rows) + len(rows) - 1))
    worst = 0.0
    for stage in STAGES:
        cpu = [r["report"]["timings"]["cpu_seconds"].get(stage, 0.0) for r in rows]
        exps = [_exponent(a["n"], x, b["n"], y) for (a, x), (b, y) in itertools.pairwise(zip(rows, cpu, strict=True))]
        if min(cpu) >= 0.5:  # below half a second, the exponent is noise
            worst = max([worst, *exps])
        print(f"| {stage} | " + " | ".join(f"{c:.2f}" for c in cpu) + " | " +
              " | ".join(f"{e:.2f}" for e in exps) + " |")
    first, last = rows[0], rows[-1]
    per_first = first["build"]["cpu"] / first["n"]
    per_last = last["build"]["cpu"] / last["n"]
    print(f"\nper-article CPU: {per_first * 1000:.1f} ms at {first['n']:,}, {per_last * 1000:.1f} ms at "
          f"{last['n']:,} ({100 * (per_last / per_first - 1):+.0f} %); largest stage exponent (stages ≥ 0.5 CPU s): "
          f"{worst:.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
