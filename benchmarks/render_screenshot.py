"""Build the example articles and save screenshots of their explorer page for docs/ (README and explorer.md).

    PYTHONPATH=src python benchmarks/render_screenshot.py [--out docs]

Writes, from headless Chromium (Debian's /usr/bin/chromium, every non-file request aborted) at 1400 × 820:

* ``explorer.png``: the first view, as a reader opens the page;
* ``explorer-relation.png``: the relation with the most evidence selected (its sentences in the side panel);
* ``explorer-arabic.png``: Arabic labels, an actor picked by an Arabic search (``داعش``), its panel.
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
SHOTS = {
    "explorer.png": None,
    "explorer-relation.png": """() => { const x = window.kgraphExplorer, ev = x.details().ev;
        let best = 0; ev.forEach((e, i) => { if (e.length > ev[best].length) best = i; });
        x.selectEdge(best); }""",
    "explorer-arabic.png": """() => { const x = window.kgraphExplorer; x.setLang('ar');
        const box = document.getElementById('search'); box.value = 'داعش';
        box.dispatchEvent(new Event('input')); }""",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        write_outputs(build_graph([ROOT / "examples" / "articles"]), Path(tmp))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, action in SHOTS.items():
                page = browser.new_page(viewport={"width": 1400, "height": 820})
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                page.goto((Path(tmp) / "graph.html").resolve().as_uri())
                while not page.evaluate("typeof window.kgraphDrawn === 'number'"):
                    page.wait_for_timeout(50)
                if action:
                    page.evaluate(action)
                if name == "explorer-arabic.png":
                    page.wait_for_timeout(100)
                    page.press("#search", "Enter")
                page.wait_for_timeout(700)  # the view moves in 350 ms
                args.out.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out / name))
                page.close()
                print(f"wrote {args.out / name} ({(args.out / name).stat().st_size // 1024} KB)")
            browser.close()
    if errors:
        raise SystemExit(f"page errors: {errors}")


if __name__ == "__main__":
    main()
