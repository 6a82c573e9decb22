"""Benchmark: render a random 2,000-actor / 8,000-relation graph and time it in headless Chromium.

    PYTHONPATH=src python benchmarks/render_large.py [--nodes 2000] [--edges 8000] [--runs 3]

Prints the Python side (layout + page) and, per run, the browser side: milliseconds from navigation start
until vis-network's first ``afterDrawing`` (the graph is on screen and answers input), then the time of one
interaction (search + redraw) and of one click on a node (side panel filled). Needs /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kgraph.model import ACTOR_CLASSES, CORE_PROPERTIES  # noqa: E402
from kgraph.render.html import (  # noqa: E402
    ExplorerData,
    ExplorerEvidence,
    ExplorerNode,
    explorer_payload,
    page_from_payload,
)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
SYLLABLES = ["al", "ba", "ri", "kon", "mar", "sed", "tu", "va", "zan", "qa"]
AR_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def random_data(n_nodes: int, n_edges: int, *, seed: int = 1) -> ExplorerData:
    """A random graph shaped like a kgraph output: labels in both languages, 1-3 evidence sentences per edge."""
    rng = random.Random(seed)
    nodes = {}
    for i in range(n_nodes):
        en = " ".join(rng.choice(SYLLABLES).title() + rng.choice(SYLLABLES) for _ in range(2))
        ar = " ".join("".join(rng.choice(AR_LETTERS) for _ in range(rng.randint(3, 6))) for _ in range(2))
        nodes[f"a{i}"] = ExplorerNode(id=f"a{i}", label_en=en, label_ar=ar, type=rng.choice(ACTOR_CLASSES[1:]),
                                      mentions=rng.randint(1, 40), document_count=rng.randint(1, 10))
    edges: set[tuple[str, str, str]] = set()
    while len(edges) < n_edges:
        # preferential: a few hubs, as in news graphs
        s = f"a{min(int(rng.paretovariate(1.2)) - 1, n_nodes - 1) if rng.random() < 0.3 else rng.randrange(n_nodes)}"
        o = f"a{rng.randrange(n_nodes)}"
        if s != o:
            edges.add((s, rng.choice(CORE_PROPERTIES), o))
    evidence = {e: [ExplorerEvidence(text=f"{nodes[e[0]].label_en} {e[1]} {nodes[e[2]].label_en}, a statement said "
                                          f"on day {k}.", doc=f"d{rng.randrange(500)}", date="2024-05-01",
                                     negated=rng.random() < 0.05) for k in range(rng.randint(1, 3))]
                for e in edges}
    docs = {f"d{i}": {"title": f"Report {i}", "date": "2024-05-01", "source": f"news/{i}.txt"} for i in range(500)}
    return ExplorerData(nodes=nodes, edges=sorted(edges), evidence=evidence, documents=docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=8000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="also write the page here")
    args = ap.parse_args()
    data = random_data(args.nodes, args.edges)
    t0 = time.perf_counter()
    payload = explorer_payload(data, title=f"{args.nodes} actors, {args.edges} relations")
    t1 = time.perf_counter()
    page = page_from_payload(payload)
    t2 = time.perf_counter()
    print(f"python: layout+payload {t1 - t0:.2f} s, page {t2 - t1:.2f} s, {len(page.encode()) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "large.html"
        path.write_text(page, encoding="utf-8")
        from playwright.sync_api import sync_playwright

        drawn, searches, clicks = [], [], []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for _ in range(args.runs):
                ctx = browser.new_context(viewport={"width": 1400, "height": 850})
                page_ = ctx.new_page()
                errors: list[str] = []
                page_.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                page_.goto(path.resolve().as_uri())
                page_.wait_for_function("window.kgraphDrawn !== null && window.kgraphDrawn !== undefined",
                                        timeout=60000)
                drawn.append(page_.evaluate("window.kgraphDrawn"))
                searches.append(page_.evaluate("""() => new Promise(done => {
                    const t = performance.now(), x = window.kgraphExplorer;
                    x.network.once('afterDrawing', () => done(performance.now() - t));
                    x.search('al'); x.network.redraw(); })"""))
                clicks.append(page_.evaluate("""() => new Promise(done => {
                    const x = window.kgraphExplorer; x.search('');
                    const t = performance.now(), id = x.data.nodes[0].id;
                    x.network.once('afterDrawing', () => done(performance.now() - t));
                    x.select(id); x.network.redraw(); })"""))
                if errors:
                    raise SystemExit(f"page errors: {errors}")
                ctx.close()
            browser.close()
    print(f"chromium: drawn and interactive after {statistics.median(drawn):.0f} ms "
          f"(median of {args.runs}; runs {', '.join(f'{d:.0f}' for d in drawn)})")
    print(f"chromium: search + redraw {statistics.median(searches):.0f} ms, "
          f"select node + panel + redraw {statistics.median(clicks):.0f} ms")


if __name__ == "__main__":
    main()
