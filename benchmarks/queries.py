"""The shipped example queries over builds of growing size: CPU time, rows, and how the time grows.

    python benchmarks/queries.py OUT_SMALL OUT_LARGE [...] [--repeat 3]

Each argument is a ``kgraph build`` output folder (e.g. the ``--keep`` folders of ``benchmarks/throughput.py``,
whose sizes double). Every example of ``kgraph query --examples`` runs ``--repeat`` times over each folder's
query store, in-process; the table gives the median CPU milliseconds, the rows, and the growth exponent
``log(t2/t1) / log(N2/N1)`` between consecutive folders (N = documents read). It fails (exit 1) when an example
returns no row on a folder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import statistics
import time
from pathlib import Path


def main() -> None:
    from kgraph.query.examples import list_examples
    from kgraph.query.sparql import open_store, run_query

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outputs", type=Path, nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [json.loads((out / "report.json").read_text(encoding="utf-8"))["documents"]["read"] for out in args.outputs]
    stores = [open_store(out) for out in args.outputs]
    table: dict[str, list[tuple[float, int]]] = {}
    empty = []
    for ex in list_examples():
        for out, store in zip(args.outputs, stores, strict=True):
            times, rows = [], 0
            for _ in range(args.repeat):
                c0 = time.process_time()
                rows = len(run_query(store, ex.text).rows)
                times.append(time.process_time() - c0)
            table.setdefault(ex.name, []).append((statistics.median(times) * 1000, rows))
            if rows == 0:
                empty.append(f"{ex.name} on {out}")
    print("| example | " + " | ".join(f"{n:,} docs: ms (rows)" for n in sizes) + " | " +
          " | ".join(f"exponent {a:,}→{b:,}" for a, b in itertools.pairwise(sizes)) + " |")
    print("|" + "---|" * (1 + 2 * len(sizes) - 1))
    for name, cells in table.items():
        exps = [math.log(max(t2, 0.01) / max(t1, 0.01)) / math.log(n2 / n1)
                for (t1, _), (t2, _), n1, n2 in zip(cells, cells[1:], sizes, sizes[1:], strict=False)]
        print(f"| {name} | " + " | ".join(f"{t:,.1f} ({r:,})" for t, r in cells) + " | " +
              " | ".join(f"{e:.2f}" for e in exps) + " |")
    if empty:
        raise SystemExit("no row: " + "; ".join(empty))


if __name__ == "__main__":
    main()
