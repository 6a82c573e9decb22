"""Arabic extraction speed: words per second on one core (tokenising, actors, speakers, relations).

Reports words per wall-clock second and per CPU second of this process (the second is the single-core figure
when the machine is shared). The text is read from the files given (``.txt``; ``.jsonl`` lines with a ``text``
field), or from ``examples/articles/ar-*.txt``; it is processed ``--repeat`` times after one warm-up pass, so
the gazetteer and lexicon loading are not counted. Run from the repository root::

    PYTHONPATH=src python benchmarks/speed_ar.py [FILES ...] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _texts(paths: list[Path]) -> list[str]:
    out = []
    for p in paths:
        if p.suffix == ".jsonl":
            with p.open(encoding="utf-8") as fh:
                out.extend(json.loads(line)["text"] for line in fh if line.strip())
        else:
            out.append(p.read_text(encoding="utf-8"))
    return out


def main(argv: list[str] | None = None, *, lang: str = "ar") -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    from kgraph.extract import Extractor
    from kgraph.ingest import make_document

    files = args.files or sorted((ROOT / "examples" / "articles").glob(f"{lang}-*.txt"))
    docs = [make_document(t, source=f"speed-{n}", lang=lang) for n, t in enumerate(_texts(files))]
    ex = Extractor()
    for d in docs:  # warm-up: loads the gazetteer, lexicon and tokenizer
        ex.extract(d)
    words = sum(len(d.text.split()) for d in docs) * args.repeat
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for d in docs:
            ex.extract(d)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    sys.stdout.write(json.dumps({"documents": len(docs) * args.repeat, "words": words, "seconds": round(secs, 3),
                                 "cpu_seconds": round(cpu, 3), "words_per_second": round(words / secs),
                                 "words_per_cpu_second": round(words / cpu)}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
