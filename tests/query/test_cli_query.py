"""`kgraph query` and `kgraph serve` from the command line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import cli

SRC = Path(__file__).resolve().parents[2] / "src"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_query_lists_examples() -> None:
    code, out, _ = run("query", "--examples")
    assert code == 0
    assert "who-supports-whom" in out and "Everything an actor's spokesman asserted" in out


def test_cli_query_runs_an_example_with_a_binding(sparql_out: Path) -> None:
    code, out, _ = run("query", str(sparql_out), "--example", "who-threatens", "--bind", "actor=kga:salt_town",
                       "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("actor,threatener") and len(lines) == 2 and "kgraph/actor/hill_front" in lines[1]


@pytest.mark.parametrize(("fmt", "check"), [
    ("json", lambda out: json.loads(out)["results"]["bindings"][1]["l"]["xml:lang"] == "ar"),
    ("xml", lambda out: '<literal xml:lang="ar">حرس النهر</literal>' in out),
    ("csv", lambda out: out.splitlines() == ["l", "River Guard", "حرس النهر"]),
    ("tsv", lambda out: out.splitlines() == ["?l", '"River Guard"@en', '"حرس النهر"@ar']),
    ("table", lambda out: "\u2068حرس النهر\u2069" in out and out.strip().endswith("(2 rows)")),
])
def test_cli_query_select_formats(sparql_out: Path, fmt: str, check) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("query", str(sparql_out), "SELECT ?l WHERE { kga:river_guard rdfs:label ?l } ORDER BY ?l",
                         "--format", fmt)
    assert code == 0, err
    assert check(out), out


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("table", "turtle"), ("turtle", "turtle"), ("json", "json-ld"),
                                                    ("xml", "xml")])
def test_cli_query_construct_output(sparql_out: Path, fmt: str, rdflib_format: str) -> None:
    from rdflib import Graph

    code, out, err = run("query", str(sparql_out), "DESCRIBE kga:hill_front", "--format", fmt)
    assert code == 0, err
    graph = Graph().parse(data=out, format=rdflib_format)
    assert "جبهة التلال" in {str(o) for o in graph.objects()}


@pytest.mark.parametrize(("args", "code"), [
    (["SELECT * WHERE { ?s ?p ?o }", "--format", "turtle"], 2),
    (["CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"], 2),
    (["INSERT DATA { <urn:a> <urn:b> <urn:c> }"], 1),
    (["SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], 1),
    (["--example", "no-such-example"], 1),
    (["SELECT * WHERE { ?s ?p ?o }", "--example", "meetings"], 2),
    (["SELECT * WHERE { ?s ?p ?o }", "--bind", "novalue"], 2),
    ([], 2),
])
def test_cli_query_errors(sparql_out: Path, args: list[str], code: int) -> None:
    got, _, _ = run("query", str(sparql_out), *args)
    assert got == code


def test_cli_query_max_rows_says_it_cut(sparql_out: Path) -> None:
    code, out, err = run("query", str(sparql_out), "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "3", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 4 and "--max-rows" in err


def test_cli_query_reads_a_file(sparql_out: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text("# my query\nASK { kga:lake_council kg:advises kga:river_guard }\n", encoding="utf-8")
    code, out, _ = run("query", str(sparql_out), "--file", str(q))
    assert code == 0 and out.strip() == "true"


def test_cli_serve_answers_and_stops(sparql_out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "serve", str(sparql_out), "--port", "0",
                             "--timeout", "5"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)sparql", line)
        assert match, line
        url = match.group(1) + "sparql?" + urllib.parse.urlencode({"query": "ASK { kga:hill_front ?p ?o }"})
        with urllib.request.urlopen(url, timeout=30) as resp:
            assert json.loads(resp.read())["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_cli_serve_missing_graph_exits_1(tmp_path: Path) -> None:
    code, _, err = run("serve", str(tmp_path), "--port", "0")
    assert code == 1 and "no graph" in err


def test_cli_query_ctrl_c_stops_a_runaway_query(sparql_out: Path) -> None:
    import signal
    import time

    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n0 ?o }"
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "query", str(sparql_out), runaway], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(3)  # the store is built and the query is running
        assert proc.poll() is None
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
        assert time.monotonic() - start < 5
        assert proc.returncode != 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


ISSUE13_BYPASS = ('SELECT * WHERE { VALUES ?i { <http://a/\\u0041\'> } VALUES ?v { "x\\u0022\\u0020" } '
                  'SERVICE <http://127.0.0.1:PORT/> { ?a ?b ?c } VALUES ?w { "\\u0020\\u0022 " } }')


def test_cli_query_issue13_service_bypass_never_contacts_a_listener(sparql_out: Path, listening_port) -> None:  # type: ignore[no-untyped-def]
    import time

    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    query = ISSUE13_BYPASS.replace("PORT", str(listening_port.port))
    proc = subprocess.run([sys.executable, "-m", "kgraph", "query", str(sparql_out), query, "--format", "csv"],
                          env=env, capture_output=True, text=True, timeout=120)
    time.sleep(0.5)
    assert listening_port.hits == []
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr


def test_cli_serve_issue13_service_bypass_never_contacts_a_listener(sparql_out: Path, listening_port) -> None:  # type: ignore[no-untyped-def]
    import time
    import urllib.error

    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "serve", str(sparql_out), "--port", "0"],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)sparql", proc.stderr.readline())
        assert match
        query = ISSUE13_BYPASS.replace("PORT", str(listening_port.port))
        url = match.group(1) + "sparql?" + urllib.parse.urlencode({"query": query})
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                body = resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read()
        time.sleep(0.5)
        assert listening_port.hits == [] and b"127.0.0.1" not in body.replace(b"SERVICE <http://127.0.0.1", b"")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_cli_serve_issue13_sighup_reloads(sparql_out: Path) -> None:
    import hashlib
    import signal
    import time

    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "serve", str(sparql_out), "--port", "0"],
                            stderr=subprocess.PIPE, text=True, env=env)
    ask = "ASK { kga:lake_council kg:opposes kga:hill_front }"
    try:
        assert proc.stderr is not None
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)sparql", proc.stderr.readline())
        assert match
        url = match.group(1) + "sparql?" + urllib.parse.urlencode({"query": ask})

        def answer() -> bool:
            with urllib.request.urlopen(url, timeout=30) as resp:
                return bool(json.loads(resp.read())["boolean"])

        assert answer() is False
        trig = sparql_out / "graph.trig"
        text = trig.read_text(encoding="utf-8") + "\nkgd:doc3 { kga:lake_council kg:opposes kga:hill_front . }\n"
        trig.write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        (sparql_out / "manifest.json").write_text(json.dumps({"files": {"graph.trig": digest}}), encoding="utf-8")
        assert answer() is False  # one generation until told
        proc.send_signal(signal.SIGHUP)
        assert "reloaded" in proc.stderr.readline()
        deadline = time.monotonic() + 30
        while not answer():
            assert time.monotonic() < deadline
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
