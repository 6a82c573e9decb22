"""Speed-up of `kgraph build --workers 2` over `--workers 1`, each a whole process, on a synthetic corpus.

    python benchmarks/workers.py [--n 2000] [--workers 2] [--keep DIR] [--json FILE]

It writes ``--n`` synthetic articles (benchmarks/corpus.py: paragraphs of the team's example articles with
every gazetteer name swapped for another, half Arabic, half English), then runs, one after the other and
each as a whole process (start-up, pipeline loading and writing included):

    kgraph build CORPUS --out OUT1 --workers 1 --quiet
    kgraph build CORPUS --out OUTN --workers N --quiet

and prints the wall time, CPU time (the process and its worker processes) and peak RSS of each, the ratio
wall(1) / wall(N), the per-article cost of each stage from report.json, and the load average before and
after (the machine may be shared: a ratio measured under load is lower than on an idle machine). It checks
that the canonical outputs of the two builds are byte-identical and exits 1 if not.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CANONICAL = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml", "edges.csv", "graph.html")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="articles in the synthetic corpus")
    ap.add_argument("--workers", type=int, default=2, help="the worker count compared with --workers 1")
    ap.add_argument("--keep", type=Path, help="write the corpus and outputs here (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from corpus import generate
    from process import whole_process

    with tempfile.TemporaryDirectory(prefix="kgraph-workers-") as tmp:
        root = args.keep or Path(tmp)
        corpus = root / "corpus"
        if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != args.n:
            generate(args.n, corpus)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
        load_before = _load()
        runs = {}
        for n in (1, args.workers):
            out = root / f"out-w{n}"
            cmd = [sys.executable, "-m", "kgraph", "build", str(corpus), "--out", str(out), "--workers", str(n),
                   "--quiet"]
            runs[n] = {k: round(v, 2 if k != "peak_mb" else 1) for k, v in whole_process(cmd).items()}
            report = json.loads((out / "report.json").read_text(encoding="utf-8"))
            cpu = report["timings"].get("cpu_seconds", {})
            runs[n]["stage_cpu_ms_per_article"] = {k: round(1000 * v / args.n, 2) for k, v in cpu.items()
                                                   if isinstance(v, int | float)}
            runs[n]["extract_wall"] = report["timings"]["extract_seconds"]
            runs[n]["facts"] = report["relations"]["facts"]
            runs[n]["actors"] = report["actors"]["total"]
        load_after = _load()
        one, many = root / "out-w1", root / f"out-w{args.workers}"
        different = [name for name in CANONICAL if (one / name).read_bytes() != (many / name).read_bytes()]
    ratio = runs[1]["wall"] / runs[args.workers]["wall"]
    figures = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "articles": args.n, "words": words,
               "cores": len(os.sched_getaffinity(0)), "load_before": load_before, "load_after": load_after,
               "runs": {f"workers={k}": v for k, v in runs.items()}, "ratio": round(ratio, 2),
               "identical": not different}
    print(f"{args.n} articles ({words} words), {figures['cores']} cores; load average before {load_before}, "
          f"after {load_after}")
    for n, r in runs.items():
        print(f"--workers {n}: wall {r['wall']:.1f} s (extraction {r['extract_wall']:.1f} s), CPU {r['cpu']:.1f} s, "
              f"peak RSS {r['peak_mb']:.0f} MB; {r['facts']} facts, {r['actors']} actors")
    print(f"per-article CPU ms by stage (--workers 1): {runs[1]['stage_cpu_ms_per_article']}")
    print(f"ratio wall(--workers 1) / wall(--workers {args.workers}): {ratio:.2f}")
    print("outputs byte-identical" if not different else f"outputs DIFFER: {', '.join(different)}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    if different:
        sys.exit(1)


if __name__ == "__main__":
    main()
