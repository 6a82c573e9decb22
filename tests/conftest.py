"""The one conftest: shared fixtures and the --runslow / --browser flags."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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

    Subjects/objects are actor ids as the resolver would mint them (a discovered event's id without its
    document suffix: kgraph.resolve.Resolver scopes discovered events to their document).
    """
    from kgraph.ingest import make_document
    from kgraph.resolve import Resolver

    def run(text: str, lang: str, *, include_flagged: bool = False) -> set[tuple[str, str, str]]:
        doc = make_document(text, source="test", lang=lang)
        res = Resolver(extractor.gazetteer)
        assertions = res.add(extractor.extract(doc))
        return {(_undocumented(a.subject), a.predicate, _undocumented(a.object)) for a in assertions
                if include_flagged or not (a.relation.negated or a.relation.hedged)}

    return run


def _undocumented(aid: str) -> str:
    import re

    return re.sub(r"_[0-9a-f]{8}$", "", aid)


@pytest.fixture(scope="session")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles built once with the CLI into a temporary output folder."""
    from click.testing import CliRunner

    from kgraph.cli import cli

    out = tmp_path_factory.mktemp("example") / "out"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


TOY_LANGUAGE = ROOT / "tests" / "data" / "toy_language"


@pytest.fixture()
def toy_language() -> Iterator[Any]:
    """Zedish ("zz"): a toy language plug-in made of data alone (tests/data/toy_language: a dozen words, three
    triggers, four actors), registered as ``kgraph.lang.zz.v1`` for the test and removed after it."""
    from catalogue import REGISTRY

    from kgraph import registry
    from kgraph.extract.plugin import DataLanguage

    plugin = DataLanguage("zz", TOY_LANGUAGE, spacy_lang="xx")
    registry.languages.register("kgraph.lang.zz.v1", func=lambda: plugin)
    registry.language.cache_clear()
    try:
        yield plugin
    finally:
        REGISTRY.pop(("kgraph", "languages", "kgraph.lang.zz.v1"), None)
        registry.language.cache_clear()
        from kgraph.extract.components import environment

        environment.cache_clear()


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


# ---------------------------------------------------------------- crash tests (tests/test_crash.py)

#: A ``kgraph`` process that kills itself with SIGKILL at the entry or the exit of one function of
#: kgraph.atomic (argv: FUNCTION enter|exit kgraph-arguments...). Fault injection lives here, not in kgraph.
_KILLING_LAUNCHER = """\
import os
import signal
import sys

import kgraph.atomic

name, when = sys.argv[1], sys.argv[2]
if when not in ("enter", "exit"):
    raise SystemExit(f"when must be enter or exit, not {when!r}")
original = getattr(kgraph.atomic, name)


def killed(*args, **kwargs):
    if when == "enter":
        os.kill(os.getpid(), signal.SIGKILL)
    result = original(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
    return result


setattr(kgraph.atomic, name, killed)
from kgraph.cli import main  # noqa: E402

sys.exit(main(sys.argv[3:]))
"""


@pytest.fixture(scope="session")
def killing_kgraph(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], list[str]]:
    """killing_kgraph(function, when) → the command (instead of ``python -m kgraph``) of a kgraph process that
    SIGKILLs itself at the entry (``when="enter"``) or exit (``"exit"``) of the first call of
    ``kgraph.atomic.<function>``; a missing function makes it fail with exit code 1."""
    script = tmp_path_factory.mktemp("launcher") / "kgraph_killed.py"
    script.write_text(_KILLING_LAUNCHER, encoding="utf-8")

    def command(function: str, when: str) -> list[str]:
        return [sys.executable, str(script), function, when]

    return command


# ---------------------------------------------------------------- SPARQL query path and endpoint (tests/query/)

#: A small graph in kgraph's shape, written for the query tests: two documents (one Arabic), facts, assertions
#: with evidence and speakers, labels in both languages.
SPARQL_TEST_TRIG = """\
@prefix kg: <https://w3id.org/kgraph/ns#> . @prefix kga: <https://w3id.org/kgraph/actor/> .
@prefix kgd: <https://w3id.org/kgraph/doc/> . @prefix kgx: <https://w3id.org/kgraph/assertion/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/kgraph/graph/actors> {
  kg:Person rdfs:subClassOf kg:Actor . kg:ArmedGroup rdfs:subClassOf kg:Actor . kg:Government rdfs:subClassOf kg:Actor .
  kg:Military rdfs:subClassOf kg:Actor . kg:Meeting rdfs:subClassOf kg:Event .
  kg:advises rdfs:subPropertyOf kg:supports . kg:spokespersonOf rdfs:subPropertyOf kg:memberOf .
  kga:river_guard a kg:Military ; rdfs:label "River Guard"@en , "حرس النهر"@ar ; kg:documentCount 2 ;
      kg:mentionCount 5 .
  kga:hill_front a kg:ArmedGroup ; rdfs:label "Hill Front"@en , "جبهة التلال"@ar ; kg:documentCount 2 ;
      kg:mentionCount 3 .
  kga:lake_council a kg:Government ; rdfs:label "Lake Council"@en , "مجلس البحيرة"@ar ; kg:documentCount 1 ;
      kg:mentionCount 2 .
  kga:nadia_karim a kg:Person ; rdfs:label "Nadia Karim"@en , "نادية كريم"@ar ; kg:documentCount 1 ;
      kg:mentionCount 2 .
  kga:salt_town a kg:Place ; rdfs:label "Salt Town"@en .
  kga:nadia_karim kg:spokespersonOf kga:river_guard .
}
kgd:doc1 {
  kgd:doc1 a kg:Document ; dcterms:source "one.txt" ; dcterms:date "2024-03-01"^^xsd:date ; dcterms:language "en" .
  kga:lake_council kg:advises kga:river_guard .
  kga:hill_front kg:threatens kga:salt_town .
  kgx:a1 a kg:Assertion ; rdf:subject kga:lake_council ; rdf:predicate kg:advises ; rdf:object kga:river_guard ;
      prov:wasDerivedFrom kgd:doc1 ; kg:evidence "The Lake Council advises the River Guard." ;
      kg:assertedBy kga:nadia_karim ; kg:negated false ; kg:hedged false .
  kgx:a2 a kg:Assertion ; rdf:subject kga:hill_front ; rdf:predicate kg:threatens ; rdf:object kga:salt_town ;
      prov:wasDerivedFrom kgd:doc1 ; kg:evidence "The Hill Front threatens Salt Town." ;
      kg:negated false ; kg:hedged false .
  kgx:m1 a kg:Assertion ; rdf:subject kga:lake_council ; rdf:predicate kg:meets ; rdf:object kga:river_guard ;
      prov:wasDerivedFrom kgd:doc1 ; kg:evidence "The Lake Council met the River Guard in Salt Town." ;
      kg:locatedIn kga:salt_town ; kg:negated false ; kg:hedged false .
  kga:lake_council kg:meets kga:river_guard .
}
kgd:doc2 {
  kgd:doc2 a kg:Document ; dcterms:source "two.txt" ; dcterms:date "2024-04-01"^^xsd:date ; dcterms:language "ar" .
  kga:lake_council kg:advises kga:river_guard .
  kga:river_guard kg:opposes kga:hill_front .
  kgx:a3 a kg:Assertion ; rdf:subject kga:lake_council ; rdf:predicate kg:advises ; rdf:object kga:river_guard ;
      prov:wasDerivedFrom kgd:doc2 ; kg:evidence "مجلس البحيرة يقدم المشورة لحرس النهر." ;
      kg:negated false ; kg:hedged false .
  kgx:a4 a kg:Assertion ; rdf:subject kga:hill_front ; rdf:predicate kg:threatens ; rdf:object kga:salt_town ;
      prov:wasDerivedFrom kgd:doc2 ; kg:evidence "قالت نادية كريم إن جبهة التلال لم تعد تهدد بلدة الملح." ;
      kg:assertedBy kga:nadia_karim ; kg:negated true ; kg:hedged false .
  kgx:a5 a kg:Assertion ; rdf:subject kga:river_guard ; rdf:predicate kg:opposes ; rdf:object kga:hill_front ;
      prov:wasDerivedFrom kgd:doc2 ; kg:evidence "حرس النهر يقاتل جبهة التلال." ; kg:negated false ; kg:hedged false .
}
"""


@pytest.fixture()
def sparql_out(tmp_path: Path) -> Path:
    """An output folder holding SPARQL_TEST_TRIG as graph.trig (plus graph.html and manifest.json)."""
    import hashlib
    import json

    out = tmp_path / "sparql-out"
    out.mkdir()
    (out / "graph.trig").write_text(SPARQL_TEST_TRIG, encoding="utf-8")
    (out / "graph.html").write_text("<!DOCTYPE html><title>explorer</title><p>explorer page</p>", encoding="utf-8")
    digest = hashlib.sha256(SPARQL_TEST_TRIG.encode("utf-8")).hexdigest()
    (out / "manifest.json").write_text(json.dumps({"files": {"graph.trig": digest}}), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A running endpoint over SPARQL_TEST_TRIG on a free 127.0.0.1 port (timeout 2 s, at most 20 rows)."""
    import threading

    from kgraph.query.server import make_server

    out = tmp_path_factory.mktemp("sparql-server") / "out"
    out.mkdir()
    (out / "graph.trig").write_text(SPARQL_TEST_TRIG, encoding="utf-8")
    (out / "graph.html").write_text("<!DOCTYPE html><title>explorer</title><p>explorer page</p>", encoding="utf-8")
    server = make_server(out, host="127.0.0.1", port=0, timeout=2.0, max_rows=20, workers=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture()
def listening_port():  # type: ignore[no-untyped-def]
    """A TCP listener on a free 127.0.0.1 port that records every connection made to it (``.hits``)."""
    import socket
    import threading
    from types import SimpleNamespace

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    state = SimpleNamespace(port=sock.getsockname()[1], hits=[], stop=threading.Event())

    def accept() -> None:
        while not state.stop.is_set():
            try:
                conn, addr = sock.accept()
            except OSError:
                continue
            state.hits.append(addr)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield state
    state.stop.set()
    thread.join(timeout=5)
    sock.close()
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


# ------------------------------------------------------------ training (tests/train/, extract/test_mention_model.py)

#: Sentence templates and fillers written for the training tests (fictional actors): each ``{X}`` is a mention
#: of label X, with the fillers below; a trailing digit tells two slots of one label apart.
_TINY_TEMPLATES = {
    "en": ["{PER} of the {ORG} met {PER2} in {LOC} on Monday.",
           "The {ORG} said {GRP} had left the {FAC} near {LOC}.",
           "Forces of the {ORG} attacked the {FAC} after the {EVT}.",
           "Delegates from {LOC} attended the {MEET} with {PER}.",
           "{PER} told reporters that {GRP} in {LOC} were safe."],
    "ar": ["التقى {PER} من {ORG} مع {PER2} في {LOC} يوم الاثنين.",
           "قال {ORG} إن {GRP} غادروا {FAC} قرب {LOC}.",
           "هاجمت قوات {ORG} {FAC} بعد {EVT}.",
           "حضر مندوبون من {LOC} {MEET} مع {PER}.",
           "وأكد {PER} أن {GRP} في {LOC} بأمان."],
}
_TINY_FILLERS = {
    "en": {"PER": ["Nadia Karim", "Omar Haddad", "Lina Farouk", "Sami Rahal", "Yusuf Tamer", "Hana Selim"],
           "ORG": ["River Guard", "Hill Front", "Lake Council", "Northern Brigade", "Desert Police"],
           "LOC": ["Salt Town", "Cedar Valley", "Port Amal", "Red Hills", "Stone Bay"],
           "GRP": ["civilians", "displaced families", "detainees", "gunmen"],
           "FAC": ["Amber camp", "Oasis prison", "North airfield"],
           "MEET": ["ministerial meeting", "Cedar Summit", "security dialogue"],
           "EVT": ["bridge attack", "Operation Dawn Shield", "March raid"]},
    "ar": {"PER": ["نادية كريم", "عمر حداد", "لينا فاروق", "سامي رحال", "يوسف تامر", "هناء سليم"],
           "ORG": ["حرس النهر", "جبهة التلال", "مجلس البحيرة", "اللواء الشمالي", "شرطة الصحراء"],
           "LOC": ["بلدة الملح", "وادي الأرز", "ميناء أمل", "التلال الحمراء", "خليج الحجر"],
           "GRP": ["المدنيين", "العائلات النازحة", "المحتجزين", "مسلحين"],
           "FAC": ["مخيم العنبر", "سجن الواحة", "المطار الشمالي"],
           "MEET": ["الاجتماع الوزاري", "قمة الأرز", "الحوار الأمني"],
           "EVT": ["هجوم الجسر", "عملية درع الفجر", "غارة آذار"]},
}

#: spaCy overrides that make a training run take seconds (tests only)
TINY_TRAINING = {"components.ner.model.tok2vec.embed.width": 16, "components.ner.model.tok2vec.encode.width": 16,
                 "components.ner.model.tok2vec.encode.depth": 1, "components.ner.model.hidden_width": 16,
                 "components.ner.model.tok2vec.embed.rows": [500, 100, 200, 100], "training.max_epochs": 12,
                 "training.eval_frequency": 50, "training.dropout": 0.1,
                 "training.optimizer.learn_rate": 0.01}


def tiny_document(lang: str, seed: int, *, sentences: int = 8) -> tuple[str, list[dict[str, object]]]:
    """(text, mentions) of a made-up document: templated sentences with fictional actors, mentions as offsets."""
    import random
    import re

    rng = random.Random(f"{lang}:{seed}")
    text = ""
    mentions: list[dict[str, object]] = []
    for _ in range(sentences):
        template = rng.choice(_TINY_TEMPLATES[lang])
        pos = 0
        for slot in re.finditer(r"\{([A-Z]+)\d?\}", template):
            text += template[pos:slot.start()]
            filler = rng.choice(_TINY_FILLERS[lang][slot.group(1)])
            mentions.append({"start": len(text), "end": len(text) + len(filler), "label": slot.group(1)})
            text += filler
            pos = slot.end()
        text += template[pos:] + " "
    return text.strip() + "\n", mentions


def write_tiny_corpus(root: Path) -> Path:
    """A corpus folder in kgraph's format (corpus/README.md) with made-up texts, and ``batches.json``:

    per language, ``train-01..08`` and ``heldout-01`` (no batch), ``own-b1-1`` (opened batch b1),
    ``own-b2-1`` (closed batch b2), ``own-s1-1`` (sealed batch s1) and ``misc-1`` (no batch, unknown name).
    """
    import hashlib
    import json

    corpus = root / "corpus"
    batches: dict[str, list[dict[str, object]]] = {}
    for lang in ("ar", "en"):
        folder = corpus / lang
        folder.mkdir(parents=True)
        names = [f"train-{i:02d}" for i in range(1, 9)] + ["heldout-01", "own-b1-1", "own-b2-1", "own-s1-1",
                                                            "misc-1"]
        for n, name in enumerate(names):
            text, mentions = tiny_document(lang, n)
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
            ann = {"source": f"{name}.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(), "lang": lang,
                   "mentions": mentions, "gold": {"entities": {}, "relations": {"core": [], "optional": []}}}
            (folder / f"{name}.json").write_text(json.dumps(ann, ensure_ascii=False, indent=1), encoding="utf-8")
        batches[lang] = [
            {"name": f"{lang}-b1", "docs": ["own-b1-1"], "role": "first-sight", "opened": "2024-01-01",
             "first_sight": 0.5},
            {"name": f"{lang}-b2", "docs": ["own-b2-1"], "role": "first-sight", "opened": None, "first_sight": None},
            {"name": f"{lang}-s1", "docs": ["own-s1-1"], "role": "sealed", "opened": None, "first_sight": None},
        ]
    (corpus / "batches.json").write_text(json.dumps(batches, indent=1), encoding="utf-8")
    return corpus


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> Path:
    """A fresh made-up corpus folder (see :func:`write_tiny_corpus`); tests may change it."""
    return write_tiny_corpus(tmp_path)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The ``TrainResult`` of one tiny Arabic training run (seconds) on a made-up corpus, model in a temp folder."""
    from kgraph.train import train

    root = tmp_path_factory.mktemp("tiny-train")
    corpus = write_tiny_corpus(root)
    return train("ar", corpus_dir=corpus, out=root / "mentions-ar", seed=0, overrides=TINY_TRAINING)


@pytest.fixture(scope="session")
def tiny_training() -> dict[str, Any]:
    """spaCy config overrides that make a training run take seconds (:data:`TINY_TRAINING`)."""
    return dict(TINY_TRAINING)


@pytest.fixture(scope="session")
def make_tiny_document() -> Callable[..., tuple[str, list[dict[str, object]]]]:
    """:func:`tiny_document`: (text, mentions) of a made-up document for a language and a seed."""
    return tiny_document


# ---------------------------------------------------------------- the Python API (tests/test_result.py, ...)

#: Articles as records, written for the API tests: English and Arabic, dated, one with markup-like text that
#: every HTML view must escape.
API_RECORDS: list[dict[str, str]] = [
    {"id": "brief-1", "date": "2024-03-04", "title": "Coalition trains Iraqi forces",
     "text": "The Global Coalition to Defeat ISIS trains the Iraqi Security Forces in Anbar. "
             "ISIS threatens the al-Hol camp."},
    {"id": "brief-2", "date": "2024-03-09", "title": "Strikes near Hasakah <b>",
     "text": "The SDF attacked ISIS cells near Hasakah. The coalition supports the SDF <script>alert(1)</script>."},
    {"id": "brief-3", "date": "2024-03-12", "lang": "ar",
     "text": "التحالف الدولي يدعم قوات سوريا الديمقراطية في الحسكة."},
]


@pytest.fixture(scope="session")
def api_result():  # type: ignore[no-untyped-def]
    """kgraph.build_graph(records=API_RECORDS), built once (tests must not change it)."""
    import kgraph

    return kgraph.build_graph(records=API_RECORDS)


# -------------------------------------------------------- scale-out (tests/test_parallel.py, tests/test_push.py)

def _stop(procs: list[Any]) -> None:
    import subprocess

    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a dask.distributed scheduler with two workers (one thread each), all three started as
    separate processes with the `dask scheduler` / `dask worker` commands; stopped at the end of the session."""
    import json
    import subprocess

    pytest.importorskip("distributed")
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    procs = [subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
                               str(file)], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(file.read_text(encoding="utf-8"))["address"]
        for i in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "1", "--nthreads", "1",
                 "--no-dashboard", "--name", f"w{i}", "--local-directory", str(folder / f"w{i}")],
                cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield address
    finally:
        _stop(procs)


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT``) of a real, empty Oxigraph server (`oxigraph serve` of the
    `oxigraph` package, a test dependency) on a free local port; stopped after the test."""
    import socket
    import subprocess

    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).is_file():
        pytest.skip("the oxigraph command is not installed (pip install oxigraph; it is in the test extra)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "oxigraph-store"), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
                    pytest.fail(f"oxigraph serve did not start on port {port}: {err[-2000:]}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop([proc])


@pytest.fixture()
def store_faults(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Faults in the requests `kgraph push` sends, injected here (kgraph reads no switch for them):

    * ``interrupt_after(n)``: the (n+1)-th request raises KeyboardInterrupt, as Ctrl-C or a dying process
      would stop the push there;
    * ``reset(n)``: the next ``n`` requests fail with a connection reset before any answer (the store
      restarting), then requests pass again.

    ``.sent`` counts the requests that reached the store.
    """
    from types import SimpleNamespace

    import kgraph.push.client as client

    original = client.GraphStore._send
    state = SimpleNamespace(limit=None, resets=0, sent=0)

    def send(self: Any, method: str, target: Any, body: Any, **kwargs: Any) -> None:
        if state.limit is not None and state.sent >= state.limit:
            raise KeyboardInterrupt
        state.sent += 1
        return original(self, method, target, body, **kwargs)

    def getresponse(conn: Any, *args: Any, **kwargs: Any) -> Any:
        if state.resets > 0:
            state.resets -= 1
            raise ConnectionResetError(104, "Connection reset by peer")
        return original_getresponse(conn, *args, **kwargs)

    import http.client

    original_getresponse = http.client.HTTPConnection.getresponse
    monkeypatch.setattr(client.GraphStore, "_send", send)
    monkeypatch.setattr(http.client.HTTPConnection, "getresponse", getresponse)

    def interrupt_after(n: int | None) -> None:
        state.limit = n
        state.sent = 0

    def reset(n: int) -> None:
        state.resets = n

    state.interrupt_after = interrupt_after
    state.reset = reset
    return state
