"""kgraph push: an output folder into a real Oxigraph server over the SPARQL 1.1 Graph Store HTTP Protocol."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kgraph import settings
from kgraph.build import build_graph
from kgraph.cli import cli
from kgraph.errors import StoreError
from kgraph.push import RECORD_FILE, push_output
from kgraph.push.client import GraphStore
from kgraph.query.examples import get_example
from kgraph.query.sparql import run_query, with_prefixes

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
EVERY_QUAD = "SELECT ?g ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
EXAMPLES = ("who-supports-whom", "actors-by-documents", "relations-over-time")


def _server_rows(base: str, query: str) -> list[tuple[str, ...]]:
    """The rows of a SELECT on the server (SPARQL 1.1 Protocol), as sorted tuples of term values."""
    req = urllib.request.Request(f"{base}/query", data=with_prefixes(query).encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        data = json.load(resp)
    names = data["head"]["vars"]
    return sorted(tuple(b[v]["value"] if v in b else "" for v in names) for b in data["results"]["bindings"])


def _local_rows(folder: Path, query: str) -> list[tuple[str, ...]]:
    """The rows of the same SELECT as `kgraph query` runs it on the folder."""
    res = run_query(folder, query)
    return sorted(tuple("" if t is None else t.value for t in row) for row in res.rows)


def _copy(example_out: Path, tmp_path: Path) -> Path:
    """A copy of the example build (a push writes its record into the folder)."""
    import shutil

    folder = tmp_path / "out"
    shutil.copytree(example_out, folder, symlinks=True)
    return folder


def _push(folder: Path, base: str, *args: str) -> Any:
    res = CliRunner().invoke(cli, ["push", str(folder), "--store", f"{base}/store", *args])
    assert res.exit_code == 0, res.output
    return res


def test_push_store_answers_as_kgraph_query_on_the_folder(example_out: Path, oxigraph_server: str,
                                                          tmp_path: Path) -> None:
    example_out = _copy(example_out, tmp_path)
    res = _push(example_out, oxigraph_server)
    assert "pushed" in res.stderr and "graphs and their union" in res.stderr
    assert _server_rows(oxigraph_server, COUNT) == _local_rows(example_out, COUNT)
    assert int(_server_rows(oxigraph_server, COUNT)[0][0]) > 500
    assert _server_rows(oxigraph_server, PER_GRAPH) == _local_rows(example_out, PER_GRAPH)
    for name in EXAMPLES:
        query = get_example(name).text
        rows = _server_rows(oxigraph_server, query)
        assert rows and rows == _local_rows(example_out, query), name
    graphs = {g for g, _ in _server_rows(oxigraph_server, PER_GRAPH)}
    assert {"https://w3id.org/kgraph/graph/actors", "https://w3id.org/kgraph/graph/facts"} <= graphs
    assert sum(g.startswith("https://w3id.org/kgraph/doc/") for g in graphs) == 6
    # pushed again: the same store (graphs replaced, the union added again adds nothing)
    _push(example_out, oxigraph_server, "-q")
    assert _server_rows(oxigraph_server, EVERY_QUAD) == _local_rows(example_out, EVERY_QUAD)


def test_push_interrupted_and_resumed_gives_the_same_store(example_out: Path, oxigraph_server: str,
                                                           store_faults: Any, tmp_path: Path) -> None:
    folder = _copy(example_out, tmp_path)
    store = f"{oxigraph_server}/store"
    with settings.using(options={"push_batch_quads": 400}):
        store_faults.interrupt_after(8)
        with pytest.raises(KeyboardInterrupt):
            push_output(folder, store=store)
        record = json.loads((folder / ".kgraph" / RECORD_FILE).read_text(encoding="utf-8"))
        (entry,) = record["pushes"].values()
        assert not entry["complete"] and 0 < entry["batches_done"]
        store_faults.interrupt_after(None)
        report = push_output(folder, store=store)
        assert report["resumed_at"] == entry["batches_done"] and report["batches"] > report["resumed_at"]
        assert _server_rows(oxigraph_server, EVERY_QUAD) == _local_rows(folder, EVERY_QUAD)
        record = json.loads((folder / ".kgraph" / RECORD_FILE).read_text(encoding="utf-8"))
        assert next(iter(record["pushes"].values()))["complete"] is True
        # a complete push is sent whole when run again: the resumed one sent less (not the recorded batches)
        full = push_output(folder, store=store)
    assert full["resumed_at"] == 0 and report["requests"] < full["requests"] <= report["requests"] + 8
    assert _server_rows(oxigraph_server, EVERY_QUAD) == _local_rows(folder, EVERY_QUAD)


def test_push_retries_a_store_that_resets(example_out: Path, oxigraph_server: str, store_faults: Any,
                                          tmp_path: Path) -> None:
    example_out = _copy(example_out, tmp_path)
    store_faults.reset(2)
    client = GraphStore(f"{oxigraph_server}/store", retries=3, sleep=lambda seconds: None)
    report = push_output(example_out, store=f"{oxigraph_server}/store", client=client)
    assert report["requests"] == store_faults.sent + 2  # two tries again
    assert _server_rows(oxigraph_server, COUNT) == _local_rows(example_out, COUNT)


def test_push_replace_removes_what_the_build_no_longer_has(tmp_path: Path, oxigraph_server: str) -> None:
    texts = ["The Coalition supports the Iraqi Security Forces.", "ISIS threatens the camps near Hasakah.",
             "The SDF condemned ISIS attacks on civilians."]
    out = tmp_path / "out"
    build_graph(texts=texts, out=out)
    _push(out, oxigraph_server, "--graph", "https://example.org/kgraph-union")
    before = {g for g, _ in _server_rows(oxigraph_server, PER_GRAPH)}
    build_graph(texts=texts[:2], out=out)
    res = _push(out, oxigraph_server, "--graph", "https://example.org/kgraph-union", "--replace")
    assert "1 stale graphs deleted" in res.stderr
    after = {g for g, _ in _server_rows(oxigraph_server, PER_GRAPH)}
    assert len(before - after) == 1 and "https://example.org/kgraph-union" in after
    union = "SELECT ?s ?p ?o WHERE { GRAPH <https://example.org/kgraph-union> { ?s ?p ?o } }"
    assert _server_rows(oxigraph_server, union) == _local_rows(out, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert _server_rows(oxigraph_server, COUNT) == [("0",)]  # the default graph was left alone


@pytest.mark.parametrize("case", ["unreachable", "not-a-store", "not-http"])
def test_push_errors_say_cause_and_fix(example_out: Path, oxigraph_server: str, case: str,
                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import socket

    example_out = _copy(example_out, tmp_path)
    monkeypatch.setenv("KGRAPH_PUSH_RETRIES", "0")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    url = {"unreachable": f"http://127.0.0.1:{free}/store", "not-a-store": f"{oxigraph_server}/nothing-here",
           "not-http": "ftp://127.0.0.1/store"}[case]
    with pytest.raises(StoreError) as info:
        push_output(example_out, store=url)
    expected = {"unreachable": ("cannot reach the store", "start the store"),
                "not-a-store": ("HTTP 404", "Oxigraph: http://HOST:7878/store"),
                "not-http": ("not an http(s) URL", "http://127.0.0.1:7878/store")}[case]
    assert expected[0] in info.value.message and expected[1] in (info.value.fix or "")
    res = CliRunner().invoke(cli, ["push", str(example_out), "--store", url])
    assert res.exit_code == 1 and "fix:" in res.stderr


def test_push_credentials_go_in_a_header_not_in_messages() -> None:
    store = GraphStore("http://user:s%40cret@127.0.0.1:1/store")
    assert store.shown == "http://127.0.0.1:1/store"
    assert store._auth == "Basic dXNlcjpzQGNyZXQ="
    assert urllib.parse.urlsplit(store.shown).password is None
