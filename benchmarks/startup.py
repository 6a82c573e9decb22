"""Start-up of the ``kgraph`` command as whole processes: ``kgraph --help`` and a query on a warm store.

    python benchmarks/startup.py OUTPUT_DIR [--repeat 10]

Runs each command ``--repeat`` times (after one unmeasured run that builds the query store) and prints the
median and the spread of wall and CPU seconds and the peak memory of each process. The query is a 1-hop query
around the actor with the most facts; it must return rows (exit 1 otherwise).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(cmd: list[str]) -> tuple[float, float, float, str]:
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode("utf-8")
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd)} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    kgraph = [sys.executable, "-m", "kgraph"]
    top = _run([*kgraph, "query", str(args.out), "--format", "csv",
                "SELECT ?s (COUNT(*) AS ?n) WHERE { ?f a kg:Fact ; rdf:subject ?s } GROUP BY ?s ORDER BY DESC(?n) "
                "LIMIT 1"])[3].splitlines()
    if len(top) < 2:
        raise SystemExit("the graph has no fact")
    hop = f"SELECT ?p ?o WHERE {{ <{top[1].split(',')[0]}> ?p ?o }}"
    commands = {"kgraph --help": [*kgraph, "--help"],
                "kgraph query (1-hop, warm store)": [*kgraph, "query", str(args.out), "--format", "csv", hop]}
    print("| command | wall s median (min–max) | CPU s median | peak MB | rows |\n|---|---|---|---|---|")
    for name, cmd in commands.items():
        runs = [_run(cmd) for _ in range(args.repeat)]
        walls = [r[0] for r in runs]
        rows = max(0, len(runs[0][3].splitlines()) - 1) if "query" in name else "-"
        if rows == 0:
            raise SystemExit(f"{name}: no row")
        print(f"| {name} | {statistics.median(walls):.3f} ({min(walls):.3f}–{max(walls):.3f}) "
              f"| {statistics.median(r[1] for r in runs):.3f} | {statistics.median(r[2] for r in runs):.0f} "
              f"| {rows} |")


if __name__ == "__main__":
    main()
