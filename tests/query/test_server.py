"""The SPARQL 1.1 Protocol endpoint, driven by real clients against a running server on 127.0.0.1."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n0 ?o }"


def http(server: Any, path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(server.url.rstrip("/") + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_query(server: Any, query: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return http(server, "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)


def test_server_binds_loopback_by_default(sparql_server: Any) -> None:
    assert sparql_server.server_address[0] == "127.0.0.1"


def test_server_sparqlwrapper_select_json_get_and_post(sparql_server: Any) -> None:
    from SPARQLWrapper import GET, JSON, POST, SPARQLWrapper

    for method in (GET, POST):
        client = SPARQLWrapper(sparql_server.url + "sparql")
        client.setMethod(method)
        client.setReturnFormat(JSON)
        client.setQuery("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                        "SELECT ?l WHERE { <https://w3id.org/kgraph/actor/river_guard> rdfs:label ?l } ORDER BY ?l")
        data = client.query().convert()
        assert [b["l"]["value"] for b in data["results"]["bindings"]] == ["River Guard", "حرس النهر"]
        assert data["results"]["bindings"][1]["l"]["xml:lang"] == "ar"


@pytest.mark.parametrize(("fmt", "check"), [
    ("XML", lambda r: r.getElementsByTagName("literal")[0].firstChild.data == "River Guard"),
    ("CSV", lambda r: r.decode("utf-8").splitlines() == ["l", "River Guard", "حرس النهر"]),
    ("TSV", lambda r: r.decode("utf-8").splitlines() == ["?l", '"River Guard"@en', '"حرس النهر"@ar']),
])
def test_server_sparqlwrapper_select_formats(sparql_server: Any, fmt: str, check: Any) -> None:
    import SPARQLWrapper as sw

    client = sw.SPARQLWrapper(sparql_server.url + "sparql")
    client.setReturnFormat(getattr(sw, fmt))
    client.setQuery("SELECT ?l WHERE { kga:river_guard rdfs:label ?l } ORDER BY ?l")
    assert check(client.query().convert())


def test_server_sparqlwrapper_construct_turtle(sparql_server: Any) -> None:
    from rdflib import Graph, URIRef
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    client = SPARQLWrapper(sparql_server.url + "sparql")
    client.setReturnFormat(TURTLE)
    client.setQuery("CONSTRUCT { ?s kg:supports ?o } WHERE { ?s kg:advises ?o }")
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert set(graph) == {(URIRef("https://w3id.org/kgraph/actor/lake_council"),
                           URIRef("https://w3id.org/kgraph/ns#supports"),
                           URIRef("https://w3id.org/kgraph/actor/river_guard"))}


def test_server_rdflib_sparqlstore_select_ask_construct(sparql_server: Any) -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(sparql_server.url + "sparql"))
    rows = list(graph.query("SELECT ?e WHERE { ?a <https://w3id.org/kgraph/ns#assertedBy> "
                            "<https://w3id.org/kgraph/actor/nadia_karim> ; <https://w3id.org/kgraph/ns#evidence> ?e }"))
    assert {str(r[0]) for r in rows} == {"The Lake Council advises the River Guard.",
                                         "قالت نادية كريم إن جبهة التلال لم تعد تهدد بلدة الملح."}
    assert graph.query("ASK { ?s a <https://w3id.org/kgraph/ns#Document> }").askAnswer is True
    built = graph.query("CONSTRUCT WHERE { <https://w3id.org/kgraph/actor/hill_front> "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }").graph
    assert Literal("جبهة التلال", lang="ar") in set(built.objects(URIRef("https://w3id.org/kgraph/actor/hill_front")))


def test_server_rdflib_update_store_is_refused(sparql_server: Any) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    store = SPARQLUpdateStore(sparql_server.url + "sparql", sparql_server.url + "sparql")
    with pytest.raises(Exception, match="403"):
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


@pytest.mark.parametrize(("data", "ctype", "status"), [
    (b"update=INSERT+DATA+%7B%3Curn%3Aa%3E+%3Curn%3Ab%3E+%3Curn%3Ac%3E%7D", "application/x-www-form-urlencoded", 403),
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update", 403),
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-query", 400),
    (b"query=DROP+ALL", "application/x-www-form-urlencoded", 400),
    (b"LOAD <file:///etc/hostname>", "application/sparql-query", 400),
    (b"CLEAR DEFAULT", "text/plain", 415),
])
def test_server_refuses_updates(sparql_server: Any, data: bytes, ctype: str, status: int) -> None:
    code, _, body = http(sparql_server, "/sparql", data=data, headers={"Content-Type": ctype})
    assert code == status, body
    # nothing changed
    code, _, body = get_query(sparql_server, "ASK { <urn:a> ?p ?o }", Accept="application/sparql-results+json")
    assert code == 200 and b"false" in body


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_server_other_methods_not_allowed(sparql_server: Any, method: str) -> None:
    code, headers, _ = http(sparql_server, "/sparql", data=b"x", method=method)
    assert code == 405 and "GET" in headers["Allow"]


def test_server_service_to_a_listening_port_is_never_contacted(sparql_server: Any, listening_port: Any) -> None:
    target = f"http://127.0.0.1:{listening_port.port}/sparql"
    for query in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"):
        code, _, body = get_query(sparql_server, query)
        assert code == 400 and b"SERVICE" in body
    for query in (f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  f"DESCRIBE <{target}>"):
        code, _, body = get_query(sparql_server, query)
        assert code == 200, body
    code, _, _ = http(sparql_server, "/sparql", data=f"LOAD <{target}>".encode(),
                      headers={"Content-Type": "application/sparql-update"})
    assert code == 403
    time.sleep(0.3)
    assert listening_port.hits == []


def test_server_timeout_stops_the_query_and_answers_the_next(sparql_server: Any) -> None:
    before = set(sparql_server.runner.worker_pids)
    start = time.monotonic()
    code, _, body = get_query(sparql_server, RUNAWAY)
    took = time.monotonic() - start
    assert code == 503 and b"stopped after 2 s" in body, body
    assert 1.8 <= took < 8
    killed = before - set(sparql_server.runner.worker_pids)
    assert len(killed) == 1
    pid = killed.pop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    start = time.monotonic()
    code, _, body = get_query(sparql_server, "ASK { kga:river_guard ?p ?o }")
    assert code == 200 and b"true" in body
    assert time.monotonic() - start < 5


def test_server_row_cap(sparql_server: Any) -> None:
    code, headers, body = get_query(sparql_server, "SELECT * WHERE { ?s ?p ?o }", Accept="text/csv")
    assert code == 200
    assert len(body.decode("utf-8").splitlines()) == 1 + 20
    assert headers["X-KGraph-Truncated"] == "true" and headers["X-KGraph-Rows"] == "20"
    code, headers, _ = get_query(sparql_server, "SELECT * WHERE { ?s a kg:Document }", Accept="text/csv")
    assert headers["X-KGraph-Truncated"] == "false"


@pytest.mark.parametrize(("query", "accept", "ctype"), [
    ("SELECT * WHERE { ?s a kg:Document }", None, "application/sparql-results+json"),
    ("SELECT * WHERE { ?s a kg:Document }", "application/sparql-results+xml", "application/sparql-results+xml"),
    ("SELECT * WHERE { ?s a kg:Document }", "text/tab-separated-values", "text/tab-separated-values"),
    ("SELECT * WHERE { ?s a kg:Document }", "text/csv;q=0.9, application/json;q=0.2", "text/csv"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+xml", "application/sparql-results+xml"),
    ("CONSTRUCT WHERE { ?s a kg:Document }", "*/*", "text/turtle"),
    ("CONSTRUCT WHERE { ?s a kg:Document }", "application/n-triples", "application/n-triples"),
    ("CONSTRUCT WHERE { ?s a kg:Document }", "application/rdf+xml", "application/rdf+xml"),
    ("DESCRIBE kga:river_guard", "application/ld+json", "application/ld+json"),
])
def test_server_content_negotiation(sparql_server: Any, query: str, accept: str | None, ctype: str) -> None:
    headers = {"Accept": accept} if accept else {}
    code, got, body = get_query(sparql_server, query, **headers)
    assert code == 200, body
    assert got["Content-Type"].split(";")[0] == ctype


def test_server_not_acceptable(sparql_server: Any) -> None:
    code, _, _ = get_query(sparql_server, "SELECT * WHERE { ?s ?p ?o }", Accept="image/png")
    assert code == 406


def test_server_format_parameter_overrides_accept(sparql_server: Any) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s a kg:Document }", "format": "csv"})
    code, headers, _ = http(sparql_server, path, headers={"Accept": "application/sparql-results+json"})
    assert code == 200 and headers["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(("path", "status"), [
    ("/sparql", 400), ("/sparql?query=SELEKT", 400), ("/nothing", 404), ("/../graph.trig", 404),
    ("/sparql?query=SELECT%20*%7B%3Fs%20%3Fp%20%3Fo%7D&default-graph-uri=urn:x", 400),
])
def test_server_bad_requests(sparql_server: Any, path: str, status: int) -> None:
    code, _, _ = http(sparql_server, path)
    assert code == status


def test_server_body_size_limit(sparql_server: Any) -> None:
    from kgraph.query.server import MAX_BODY_BYTES

    big = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * MAX_BODY_BYTES
    code, _, _ = http(sparql_server, "/sparql", data=big, headers={"Content-Type": "application/sparql-query"})
    assert code == 413


def test_server_query_page_and_explorer(sparql_server: Any) -> None:
    code, headers, body = http(sparql_server, "/")
    page = body.decode("utf-8")
    assert code == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "Who supports whom" in page and 'href="graph.html"' in page
    assert "</script>" not in page.split('id="examples"')[1].split("</script>")[0][1:]
    code, _, body = http(sparql_server, "/graph.html")
    assert code == 200 and b"explorer page" in body


def test_server_query_page_escapes_the_folder_name(tmp_path: Any) -> None:
    from kgraph.query.server import query_page

    folder = tmp_path / "<img src=x onerror=alert(1)>"
    folder.mkdir()
    page = query_page(folder)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_server_concurrent_queries(sparql_server: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    queries = [f"SELECT ?s WHERE {{ ?s a kg:Document }} LIMIT {n}" for n in range(1, 9)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda q: get_query(sparql_server, q, Accept="text/csv"), queries))
    assert [r[0] for r in results] == [200] * 8
    assert [len(r[2].decode().splitlines()) - 1 for r in results] == [1, 2, 2, 2, 2, 2, 2, 2]


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_server_binds_the_given_loopback_host(sparql_out: Any, host: str) -> None:
    import socket
    import threading

    from kgraph.query.server import make_server

    if ":" in host:
        try:
            with socket.socket(socket.AF_INET6) as probe:
                probe.bind((host, 0))
        except OSError:
            pytest.skip("no IPv6 loopback here")
    server = make_server(sparql_out, host=host, port=0, workers=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        code, _, body = get_query(server, "ASK { kga:hill_front ?p ?o }")
        assert code == 200 and b"true" in body
        assert server.server_address[0] == host
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_worker_memory_limit_stops_only_that_query(sparql_out: Any) -> None:
    from kgraph.errors import QueryError
    from kgraph.query.worker import QueryRunner

    with QueryRunner(sparql_out, timeout=30, max_rows=5, workers=1, max_memory=300 * 1024**2) as runner:
        start = time.monotonic()
        with pytest.raises(QueryError, match="stopped"):
            runner.answer("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?d ?g ?j")
        assert time.monotonic() - start < 25
        assert runner.answer("ASK { kga:hill_front ?p ?o }").body == b'{"head": {}, "boolean": true}'


# ---------------------------------------------------------------- issue 13: the endpoint under a hostile client


@pytest.fixture()
def own_server(sparql_out: Any):  # type: ignore[no-untyped-def]
    """start(**options) → a running endpoint over a fresh copy of the test graph (stopped at the end)."""
    import threading

    from kgraph.query.server import make_server

    servers = []

    def start(**options: Any) -> Any:
        options = {"host": "127.0.0.1", "port": 0, "timeout": 30.0, "workers": 2, **options}
        server = make_server(sparql_out, **options)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return server

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def raw_request(server: Any, request: bytes, *, timeout: float = 30, keep: int | None = None) -> tuple[bytes, int]:
    """Send ``request`` on a fresh connection; the answer (its first ``keep`` bytes only, if given) and its size."""
    import socket

    host, port = server.server_address[:2]
    kept, size = bytearray(), 0
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        while chunk := sock.recv(65536):
            size += len(chunk)
            if keep is None or len(kept) < keep:
                kept += chunk
    return bytes(kept), size


def test_server_issue13_backlog_200_simultaneous_queries(own_server: Any) -> None:
    import socket
    import threading

    server = own_server()
    host, port = server.server_address[:2]
    query = urllib.parse.quote("ASK { kga:hill_front ?p ?o }")
    request = f"GET /sparql?query={query} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    start = threading.Barrier(200)
    outcomes: list[str] = []

    def one() -> None:
        try:
            start.wait(timeout=60)
            with socket.create_connection((host, port), timeout=60) as sock:
                sock.sendall(request)
                data = b""
                while chunk := sock.recv(65536):
                    data += chunk
            outcomes.append("ok" if data.startswith(b"HTTP/1.1 200") and b"true" in data else data[:40].decode())
        except OSError as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=one) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes.count("ok") == 200, sorted(set(outcomes))


@pytest.mark.parametrize(("host_header", "allow", "status"), [
    ("127.0.0.1:{port}", (), 200),
    ("localhost:{port}", (), 200),
    ("[::1]:{port}", (), 200),
    ("evil.example:{port}", (), 403),
    ("evil.example", (), 403),
    ("127.0.0.1.evil.example", (), 403),
    ("graph.lan:{port}", ("graph.lan",), 200),
    ("anything.example", ("*",), 200),
])
def test_server_issue13_host_header_is_checked(own_server: Any, host_header: str, allow: tuple[str, ...],
                                               status: int) -> None:
    server = own_server(allow_hosts=allow, workers=1)
    host = host_header.replace("{port}", str(server.server_address[1]))
    query = urllib.parse.quote("ASK { kga:hill_front ?p ?o }")
    answer, _ = raw_request(server, f"GET /sparql?query={query} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert answer.startswith(f"HTTP/1.1 {status}".encode()), answer[:200]
    if status == 403:
        assert b"--allow-host" in answer and b"true" not in answer


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "TRACE", "CONNECT", "BREW"])
def test_server_issue13_other_methods_get_405(sparql_server: Any, method: str) -> None:
    answer, _ = raw_request(sparql_server, f"{method} /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 405") and b"Allow: GET, POST" in head
    assert b"text/plain" in head and b"<html" not in answer.lower()
    if method != "HEAD":
        assert b"is not allowed" in body


def test_server_issue13_slow_and_idle_clients_are_cut_off(own_server: Any) -> None:
    import socket

    server = own_server(request_timeout=1.0, workers=1)
    host, port = server.server_address[:2]
    idle = [socket.create_connection((host, port), timeout=10) for _ in range(20)]
    slow = socket.create_connection((host, port), timeout=10)
    slow.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    start = time.monotonic()
    closed = False
    while time.monotonic() - start < 8:
        try:
            slow.sendall(b"X-Slow: 1\r\n")  # a header every 0.2 s: never a whole request
        except OSError:
            closed = True
            break
        time.sleep(0.2)
    assert closed and time.monotonic() - start < 5
    for sock in idle:
        assert sock.recv(10) == b""  # closed by the server, not left holding a thread
        sock.close()
    slow.close()
    code, _, body = get_query(server, "ASK { kga:hill_front ?p ?o }")
    assert code == 200 and b"true" in body


def test_server_issue13_answers_pass_through_in_pieces(own_server: Any) -> None:
    """A 40 MB answer never sits whole in the server process (the old server held it twice)."""
    import tracemalloc

    server = own_server(workers=1, max_memory=2 * 1024**3)
    doublings = " ".join(f"BIND(CONCAT(?e{i}, ?e{i}) AS ?e{i + 1})" for i in range(20))
    query = f"SELECT ?e20 WHERE {{ kgx:a1 kg:evidence ?e0 {doublings} }}"
    body = urllib.parse.urlencode({"query": query}).encode()
    tracemalloc.start()
    try:
        answer, size = raw_request(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\n"
                                   b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
                                   + f"Content-Length: {len(body)}\r\n\r\n".encode() + body, keep=1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert answer.startswith(b"HTTP/1.1 200") and size > 40 * 2**20
    assert peak < 8 * 2**20, peak  # the client here keeps 1 KB of it: the rest is the server's


def test_server_issue13_busy_port_says_so(sparql_out: Any) -> None:
    import socket

    from click.testing import CliRunner

    from kgraph.cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(sparql_out), "--port", str(port)])
    assert result.exit_code == 1
    assert f"port {port} is in use" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr and "AttributeError" not in result.stderr


def test_server_issue13_one_generation_until_reload(own_server: Any, sparql_out: Any) -> None:
    import hashlib
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    server = own_server(timeout=2.0, workers=2)
    ask = "ASK { kga:lake_council kg:opposes kga:hill_front }"
    assert b"false" in get_query(server, ask)[2]
    # a rebuild into the folder: new graph, new manifest, new explorer page
    trig = sparql_out / "graph.trig"
    text = trig.read_text(encoding="utf-8") + "\nkgd:doc3 { kga:lake_council kg:opposes kga:hill_front . }\n"
    trig.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (sparql_out / "manifest.json").write_text(json.dumps({"files": {"graph.trig": digest}}), encoding="utf-8")
    (sparql_out / "graph.html").write_text("<!DOCTYPE html><p>new explorer</p>", encoding="utf-8")
    # every worker is killed and replaced (timeouts), and another process queries the new graph, which builds
    # a new store and cleans up stale ones
    for _ in range(3):
        assert get_query(server, RUNAWAY)[0] == 503
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": str(src) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    other = subprocess.run([sys.executable, "-m", "kgraph", "query", str(sparql_out), ask], env=env,
                           capture_output=True, text=True, timeout=120)
    assert other.stdout.strip() == "true"
    answers = {get_query(server, ask)[2] for _ in range(8)}
    assert answers == {b'{"head": {}, "boolean": false}'}
    assert b"explorer page" in http(server, "/graph.html")[2]
    server.reload()
    assert b"true" in get_query(server, ask)[2]
    assert b"new explorer" in http(server, "/graph.html")[2]
