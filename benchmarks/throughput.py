"""End-to-end throughput and memory of ``kgraph build`` against bare spaCy tokenisation of the same corpus.

    python benchmarks/throughput.py --sizes 1000 5000 10000 [--corpus DIR] [--json results.json]

For every size it runs, each in a fresh subprocess (so peak memory is that run's own):

* ``build``: :func:`kgraph.build_graph` over the first N articles, writing every output into a temporary folder;
* ``tokenize``: the same files read and decoded by kgraph, then only tokenised with a blank spaCy pipeline
  of the document's language (``spacy.blank("ar"|"en")``): the practical lower limit of any spaCy-based build.

It prints a Markdown table: articles/s, words/s, seconds, peak RSS, triples and output sizes. Rates are per
CPU second of the process (user + system), so that other load on a shared machine does not skew them;
wall-clock seconds are shown too.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _cpu() -> float:
    """CPU seconds of this process (user + system): unlike wall time, not inflated by other load on the machine."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _files(corpus: Path, n: int) -> list[Path]:
    files = sorted(corpus.glob("*.txt"))[:n]
    if len(files) < n:
        raise SystemExit(f"{corpus} has only {len(files)} articles; generate more with benchmarks/corpus.py")
    return files


def worker_build(corpus: Path, n: int) -> dict[str, object]:
    from kgraph.build import build_graph

    files = _files(corpus, n)
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        out = Path(tmp) / "out"
        t0, c0 = time.perf_counter(), _cpu()
        result = build_graph(files, out=out)
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
        sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    rep = result.report
    return {"mode": "build", "n": n, "seconds": seconds, "cpu": cpu, "words": rep["documents"]["words"],
            "docs": rep["documents"]["read"], "triples": len(result.dataset), "timings": rep["timings"],
            "facts": rep["relations"]["facts"], "actors": rep["actors"]["total"],
            "peak_rss_mb": _peak_rss_mb(), "sizes": sizes}


def worker_tokenize(corpus: Path, n: int) -> dict[str, object]:
    import spacy

    from kgraph.ingest import read_inputs
    from kgraph.model import Document

    files = _files(corpus, n)
    t0, c0 = time.perf_counter(), _cpu()
    nlp = {"ar": spacy.blank("ar"), "en": spacy.blank("en")}
    tokens = words = docs = 0
    for item in read_inputs(files):
        if isinstance(item, Document):
            docs += 1
            words += len(item.text.split())
            tokens += len(nlp["ar" if item.lang == "ar" else "en"].tokenizer(item.text))
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"mode": "tokenize", "n": n, "seconds": seconds, "cpu": cpu, "words": words, "docs": docs, "tokens": tokens,
            "peak_rss_mb": _peak_rss_mb()}


def _run(mode: str, corpus: Path, n: int) -> dict[str, object]:
    proc = subprocess.run([sys.executable, str(Path(__file__)), "--worker", mode, "--corpus", str(corpus),
                           "--sizes", str(n)], capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{mode} n={n} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _mb(size: float) -> str:
    return f"{size / 1e6:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    ap.add_argument("--corpus", type=Path, default=None, help="folder of articles (default: generate one)")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    ap.add_argument("--worker", choices=["build", "tokenize"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        fn = worker_build if args.worker == "build" else worker_tokenize
        print(json.dumps(fn(args.corpus, args.sizes[0])))
        return
    corpus = args.corpus
    if corpus is None:
        sys.path.insert(0, str(HERE))
        from corpus import generate

        corpus = Path(tempfile.mkdtemp(prefix="kgraph-corpus-"))
        generate(max(args.sizes), corpus)
    rows = []
    for n in args.sizes:
        tok = _run("tokenize", corpus, n)
        bld = _run("build", corpus, n)
        rows.append((tok, bld))
        print(f"n={n}: build {bld['cpu']:.1f} CPU s ({bld['seconds']:.1f} s), tokenize {tok['cpu']:.1f} CPU s",
              file=sys.stderr)
    print("| articles | words | build CPU s (wall s) | articles/s | words/s | tokenize-only CPU s | build ÷ tokenize "
          "| peak RSS build MB | peak RSS tokenize MB | triples | graph.ttl MB | graph.trig MB | graph.nq MB "
          "| graph.html MB |")
    print("|" + "---|" * 14)
    for tok, bld in rows:
        s = bld["sizes"]
        print(f"| {bld['docs']} | {bld['words']} | {bld['cpu']:.1f} ({bld['seconds']:.1f}) "
              f"| {bld['docs'] / bld['cpu']:.0f} | {bld['words'] / bld['cpu']:.0f} | {tok['cpu']:.2f} "
              f"| {bld['cpu'] / tok['cpu']:.1f}x | {bld['peak_rss_mb']:.0f} | {tok['peak_rss_mb']:.0f} "
              f"| {bld['triples']} | {_mb(s['graph.ttl'])} | {_mb(s['graph.trig'])} | {_mb(s['graph.nq'])} "
              f"| {_mb(s['graph.html'])} |")
    for _tok, bld in rows:
        print(f"n={bld['n']} timings: {bld['timings']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
