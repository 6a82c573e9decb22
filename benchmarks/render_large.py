"""Benchmark: explorer pages of random news-like graphs, timed in headless Chromium.

    PYTHONPATH=src python benchmarks/render_large.py [--sizes 2000 10000 50000] [--per-actor 4] [--runs 3]

For each size (actors; relations = ``--per-actor`` × actors, a few hubs as in news graphs, 1-3 evidence
sentences each), prints the Python side (layout + payload, page) and the page size, then per Chromium load:

* **first frame**: milliseconds from navigation start until the graph is drawn and answers input
  (``window.kgraphDrawn``: vis-network's first ``afterDrawing``, or the frame after sigma's first render);
* **search**: milliseconds from typing an actor's name until the match list is shown, the match selected (side
  panel filled, view moving to it) and the next frame drawn;
* **answered**: first frame + search, i.e. the time from opening the page to an answered search;
* **browser CPU**: CPU seconds all the browser's processes used from navigation to the first frame — on a shared
  machine the wall times grow with the other jobs' load, this does not.

Medians of ``--runs`` loads. The machine is shared: read ratios and medians, not single runs.
Needs /usr/bin/chromium (Debian) and Playwright; never downloads a browser.
"""

from __future__ import annotations

import argparse
import os
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
    """A random graph shaped like a kgraph output: labels in both languages, a few hubs, 1-3 dated evidence
    sentences per edge, some actors with no relation."""
    rng = random.Random(seed)
    nodes = {}
    for i in range(n_nodes):
        en = " ".join(rng.choice(SYLLABLES).title() + rng.choice(SYLLABLES) for _ in range(2))
        ar = " ".join("".join(rng.choice(AR_LETTERS) for _ in range(rng.randint(3, 6))) for _ in range(2))
        nodes[f"a{i}"] = ExplorerNode(id=f"a{i}", label_en=en, label_ar=ar, type=rng.choice(ACTOR_CLASSES[1:]),
                                      mentions=rng.randint(1, 40), document_count=rng.randint(1, 10))
    linked = max(2, int(n_nodes * 0.95))
    edges: set[tuple[str, str, str]] = set()
    while len(edges) < n_edges:
        # preferential: a few hubs, as in news graphs
        s = min(int(rng.paretovariate(1.2)) - 1, linked - 1) if rng.random() < 0.3 else rng.randrange(linked)
        o = rng.randrange(linked)
        if s != o:
            edges.add((f"a{s}", rng.choice(CORE_PROPERTIES), f"a{o}"))
    n_docs = max(50, n_edges // 20)
    evidence = {e: [ExplorerEvidence(text=f"{nodes[e[0]].label_en} {e[1]} {nodes[e[2]].label_en}, a statement said "
                                          f"on day {k}.", doc=f"d{rng.randrange(n_docs)}",
                                     date=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                     negated=rng.random() < 0.05) for k in range(rng.randint(1, 3))]
                for e in sorted(edges)}
    docs = {f"d{i}": {"title": f"Report {i}", "date": "2024-05-01", "source": f"news/{i}.txt"} for i in range(n_docs)}
    return ExplorerData(nodes=nodes, edges=sorted(edges), evidence=evidence, documents=docs)


def cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process's descendants: the browser's processes (browser,
    renderer, GPU) and Playwright's driver. The machine is shared, so wall time depends on the other jobs; the CPU
    the browser spent does not."""
    ticks = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parent[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    me = os.getpid()

    def mine(pid: int) -> bool:
        while pid > 1:
            pid = parent.get(pid, 0)
            if pid == me:
                return True
        return False

    return sum(t for pid, t in used.items() if mine(pid))


SEARCH = """q => new Promise(done => {
    const x = window.kgraphExplorer, t = performance.now();
    x.search(q);
    const li = document.querySelector('#results li[data-id]');
    x.select(li.dataset.id, {move: true});
    const h = document.querySelector('#details h3').textContent;
    requestAnimationFrame(() => requestAnimationFrame(() => done([performance.now() - t, h])));
})"""


def measure(path: Path, query: str, runs: int) -> tuple[list[float], list[float], list[float], str]:
    from playwright.sync_api import sync_playwright

    cpu: list[float] = []
    drawn: list[float] = []
    searches: list[float] = []
    renderer = ""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            ctx = browser.new_context(viewport={"width": 1400, "height": 850})
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            before = cpu_seconds()
            page.goto(path.resolve().as_uri(), timeout=120_000)
            deadline = time.monotonic() + 120
            while not page.evaluate("typeof window.kgraphDrawn === 'number'"):
                if time.monotonic() > deadline:
                    raise SystemExit(f"{path}: never drawn ({errors})")
                page.wait_for_timeout(20)
            drawn.append(page.evaluate("window.kgraphDrawn"))
            cpu.append(cpu_seconds() - before)
            renderer = page.evaluate("window.kgraphExplorer.renderer")
            ms, shown = page.evaluate(SEARCH, query)
            if shown != query:
                raise SystemExit(f"search for {query!r} showed {shown!r}")
            searches.append(ms)
            if errors:
                raise SystemExit(f"page errors: {errors}")
            ctx.close()
        browser.close()
    return drawn, searches, cpu, renderer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000, 50000], help="actors per graph")
    ap.add_argument("--per-actor", type=float, default=4.0, help="relations per actor")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="also write the pages into this folder")
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        m = int(n * args.per_actor)
        data = random_data(n, m)
        t0 = time.perf_counter()
        payload = explorer_payload(data, title=f"{n} actors, {m} relations")
        t1 = time.perf_counter()
        page = page_from_payload(payload)
        t2 = time.perf_counter()
        size = len(page.encode()) / 1e6
        print(f"{n} actors / {m} relations: python layout+payload {t1 - t0:.1f} s, page {t2 - t1:.1f} s, {size:.1f} MB",
              flush=True)
        query = data.nodes[f"a{n // 2}"].label_en
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"explorer-{n}.html"
            path.write_text(page, encoding="utf-8")
            drawn, searches, cpu, renderer = measure(path, query, args.runs)
        first, search, used = statistics.median(drawn), statistics.median(searches), statistics.median(cpu)
        print(f"  chromium ({renderer}): first frame {first:.0f} ms (runs {', '.join(f'{d:.0f}' for d in drawn)}), "
              f"search {search:.0f} ms (runs {', '.join(f'{d:.0f}' for d in searches)}), "
              f"answered {first + search:.0f} ms; browser CPU to the first frame {used:.1f} s "
              f"(load average {os.getloadavg()[0]:.1f})", flush=True)
        rows.append((n, m, renderer, t1 - t0, size, first, search, used))
    print("\n| actors | relations | renderer | layout + payload (Python) | page | first frame | search | answered "
          "| browser CPU to first frame |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n, m, renderer, py, size, first, search, used in rows:
        print(f"| {n:,} | {m:,} | {renderer} | {py:.1f} s | {size:.1f} MB | {first / 1000:.2f} s "
              f"| {search / 1000:.2f} s "
              f"| {(first + search) / 1000:.2f} s | {used:.1f} s |")


if __name__ == "__main__":
    main()
