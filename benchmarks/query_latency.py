"""Query latency on a built graph: store build, cold CLI query, in-process queries, HTTP endpoint round trips.

Usage (from the repository root):

    kgraph build examples/articles --out outputs/example
    PYTHONPATH=src python benchmarks/query_latency.py outputs/example [--repeat 50]

Prints one line per measurement (milliseconds; median and 95th percentile where repeated).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:8.2f} ms   p95 {p95 * 1000:8.2f} ms   (n={len(ordered)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a kgraph output folder")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    from kgraph.query.examples import list_examples
    from kgraph.query.server import make_server
    from kgraph.query.sparql import open_store, run_query
    from kgraph.query.store import STORE_DIR

    shutil.rmtree(args.out / STORE_DIR, ignore_errors=True)
    start = time.perf_counter()
    store = open_store(args.out)
    print(f"store build (first query)            {(time.perf_counter() - start) * 1000:8.2f} ms")
    print(f"quads in store                       {len(store)}")
    del store
    start = time.perf_counter()
    store = open_store(args.out)
    print(f"store open, read-only (later queries) {(time.perf_counter() - start) * 1000:8.2f} ms")

    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kgraph", "query", str(args.out), "ASK { ?s ?p ?o }"], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    print(f"`kgraph query` process, warm store   {_ms(times)}")

    for ex in list_examples():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run_query(store, ex.text)
            times.append(time.perf_counter() - start)
        print(f"in-process {ex.name:26}{_ms(times)}")

    server = make_server(args.out, port=0, workers=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        supports = next(e.text for e in list_examples() if e.name == "who-supports-whom")
        for name, query in [("ASK", "ASK { ?s ?p ?o }"), ("who-supports-whom", supports)]:
            url = server.url + "sparql?" + urllib.parse.urlencode({"query": query})
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                with urllib.request.urlopen(url, timeout=30) as resp:
                    resp.read()
                times.append(time.perf_counter() - start)
            print(f"HTTP /sparql {name:24}{_ms(times)}")
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
