"""Peak memory of ``kgraph build`` over one long article (issue 13: a 50 MB article must build in ≤ 3 GB).

    python benchmarks/long_article.py --mb 1 4 50 [--lang en] [--limit-gb 3] [--keep DIR]

For every size it writes ONE article of at least that many megabytes: synthetic news paragraphs
(``benchmarks/corpus.py``: the example articles' sentences with the gazetteer's actors swapped, so the article
has many distinct actors and facts), one after the other, then runs ``kgraph build`` over it as a process of
its own and reads that process's peak RSS, wall and CPU seconds (``wait4``). It checks that the build read the
one document and found facts, and fails (exit 1) if a size's peak RSS is over ``--limit-gb``. It prints one
table row per size, with the load average and the date, for docs/robustness.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import Generator  # noqa: E402
from process import whole_process  # noqa: E402


def write_article(path: Path, mb: float, *, lang: str, seed: int = 7) -> int:
    """Write one article of at least ``mb`` megabytes to ``path``; return its size in bytes."""
    gen = Generator(seed=seed)
    target = int(mb * 1024 * 1024)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target:
            part = gen.article(lang) + "\n"
            fh.write(part)
            size += len(part.encode("utf-8"))
    return size


def build(article: Path, out: Path) -> dict[str, float]:
    """``kgraph build article --out out`` as its own process: wall s, CPU s, peak RSS MB."""
    cmd = [sys.executable, "-m", "kgraph", "build", str(article), "--out", str(out), "--quiet"]
    return whole_process(cmd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, nargs="+", default=[50.0])
    ap.add_argument("--lang", choices=["en", "ar"], default="en")
    ap.add_argument("--limit-gb", type=float, default=3.0)
    ap.add_argument("--keep", type=Path, help="write the articles and outputs here (default: a temporary folder)")
    args = ap.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        print(f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
        print("| article MB | words | facts | build wall s | build CPU s | peak RSS MB | RSS ÷ size | load avg |")
        print("|---|---|---|---|---|---|---|---|")
        for mb in args.mb:
            article = root / f"article-{mb:g}mb-{args.lang}.txt"
            size = write_article(article, mb, lang=args.lang)
            words = len(article.read_text(encoding="utf-8").split())
            out = root / f"out-{mb:g}mb"
            load = os.getloadavg()[0]
            run = build(article, out)
            load = max(load, os.getloadavg()[0])
            report = json.loads((out / "report.json").read_text(encoding="utf-8"))
            facts = sum(1 for _ in (out / "edges.csv").open(encoding="utf-8")) - 1
            if report["documents"]["read"] != 1 or facts <= 0:
                raise SystemExit(f"{article}: the build read {report['documents']['read']} documents, "
                                 f"{facts} facts")
            ratio = run["peak_mb"] * 1024 * 1024 / size
            print(f"| {size / 1024 / 1024:.1f} | {words:,} | {facts:,} | {run['wall']:.0f} | {run['cpu']:.0f} "
                  f"| {run['peak_mb']:,.0f} | {ratio:.0f}× | {load:.1f} |", flush=True)
            failed |= run["peak_mb"] > args.limit_gb * 1024
    if failed:
        raise SystemExit(f"peak RSS over {args.limit_gb} GB")


if __name__ == "__main__":
    main()
