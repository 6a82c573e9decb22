"""The one conftest: shared fixtures and the --runslow / --browser flags."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    """One rule-based extractor (gazetteer and lexicon loaded once)."""
    from kgraph.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def extract_triples(extractor) -> Callable[..., set[tuple[str, str, str]]]:  # type: ignore[no-untyped-def]
    """extract_triples(text, lang) → {(subject, predicate, object)} of asserted (not negated/hedged) relations.

    Subjects/objects are actor ids as the resolver would mint them.
    """
    from kgraph.ingest import make_document
    from kgraph.resolve import Resolver

    def run(text: str, lang: str, *, include_flagged: bool = False) -> set[tuple[str, str, str]]:
        doc = make_document(text, source="test", lang=lang)
        res = Resolver(extractor.gazetteer)
        assertions = res.add(extractor.extract(doc))
        return {(a.subject, a.predicate, a.object) for a in assertions
                if include_flagged or not (a.relation.negated or a.relation.hedged)}

    return run


@pytest.fixture(scope="session")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles built once with the CLI into a temporary output folder."""
    from click.testing import CliRunner

    from kgraph.cli import cli

    out = tmp_path_factory.mktemp("example") / "out"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def articles(tmp_path: Path) -> Callable[..., Path]:
    """articles({"a.txt": "text" or b"bytes", ...}) → a folder holding those files."""

    def make(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "in"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return make


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def chromium_browser():  # type: ignore[no-untyped-def]
    """Debian's headless chromium, driven by Playwright, launched once per session."""
    if not CHROMIUM.exists():
        pytest.skip("browser test: /usr/bin/chromium is missing (install the Debian packages in .ci/apt-packages)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def open_page(chromium_browser):  # type: ignore[no-untyped-def]
    """open_page(path) → a loaded explorer page whose ``.kg_blocked`` (non-file requests, all aborted),
    ``.kg_errors`` (page errors, console errors) and ``.kg_dialogs`` (alert/confirm/prompt) lists grow as it runs."""
    contexts = []

    def open_(path: Path, *, width: int = 1400, height: int = 850, wait: bool = True):  # type: ignore[no-untyped-def]
        ctx = chromium_browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        page = ctx.new_page()
        page.kg_blocked, page.kg_errors, page.kg_dialogs = [], [], []

        def route(r):  # type: ignore[no-untyped-def]
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                page.kg_blocked.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        page.on("pageerror", lambda e: page.kg_errors.append(str(e)))
        page.on("console", lambda m: page.kg_errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", lambda d: (page.kg_dialogs.append(d.message), d.dismiss()))
        page.goto(Path(path).resolve().as_uri())
        if wait:  # polled from here: wait_for_function would eval a string, which the page's CSP forbids
            deadline = time.monotonic() + 30
            while not page.evaluate("typeof window.kgraphDrawn === 'number'"):
                assert time.monotonic() < deadline, f"{path}: the explorer never drew"
                page.wait_for_timeout(20)
        return page

    yield open_
    for ctx in contexts:
        ctx.close()
