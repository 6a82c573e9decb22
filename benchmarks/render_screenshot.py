"""Build the example articles and save a screenshot of their explorer page to docs/explorer.png.

    PYTHONPATH=src python benchmarks/render_screenshot.py [--out docs/explorer.png]

The page is opened in headless Chromium (Debian's /usr/bin/chromium) with every non-file request aborted;
the busiest relation is clicked so the side panel shows its evidence.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kgraph.build import build_graph  # noqa: E402
from kgraph.output import write_outputs  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "explorer.png")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        write_outputs(build_graph([ROOT / "examples" / "articles"]), Path(tmp))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 820})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto((Path(tmp) / "graph.html").resolve().as_uri())
            while not page.evaluate("typeof window.kgraphDrawn === 'number'"):
                page.wait_for_timeout(50)
            page.evaluate("""() => { const x = window.kgraphExplorer, edges = x.data.edges;
                let best = 0; edges.forEach((e, i) => { if (e.ev.length > edges[best].ev.length) best = i; });
                x.network.selectEdges([best]); x.showEdge(best); }""")
            page.wait_for_timeout(300)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    if errors:
        raise SystemExit(f"page errors: {errors}")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
