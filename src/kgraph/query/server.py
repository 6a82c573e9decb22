"""A read-only SPARQL 1.1 Protocol endpoint over a kgraph output folder (``kgraph serve``).

Routes:

* ``/sparql`` — GET with a ``query`` parameter; POST with a form (``query=``) or an
  ``application/sparql-query`` body. Results by content negotiation (``Accept``) or a ``format``/``output``
  parameter: SPARQL JSON, XML, CSV, TSV for SELECT/ASK; Turtle, N-Triples, RDF/XML, JSON-LD for
  CONSTRUCT/DESCRIBE.
* ``/`` — a query page (examples, a form, results as a table); ``/graph.html`` — the explorer page of the
  output folder.

Limits: updates get 403 (an ``update`` parameter or an ``application/sparql-update`` body) or 400 (update text
in ``query``); SERVICE gets 400 and is never contacted; FROM / FROM NAMED name graphs of the store and are
never fetched; each query runs in a worker process killed at ``timeout`` (503), after which the server goes on
answering; at most ``max_rows`` rows (header ``X-KGraph-Truncated: true`` when cut); request bodies over
:data:`MAX_BODY_BYTES` get 413; answers pass through in pieces, never whole. The server binds 127.0.0.1 unless
another host is given, and answers only requests whose ``Host`` is one of its own names (no DNS rebinding).

Connections: a listen backlog of :data:`LISTEN_BACKLOG`; a request (line, headers and body) must arrive within
``request_timeout`` seconds, or the connection is closed; at most :data:`MAX_CONNECTIONS` at once (more get 503).

One generation: the server answers from the graph (store and explorer page) the folder held when it started,
whatever builds happen in the folder meanwhile, until :meth:`SparqlServer.reload` (``kgraph serve``: SIGHUP).
"""

from __future__ import annotations

import errno
import html
import ipaddress
import json
import logging
import socket
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kgraph._version import __version__
from kgraph.errors import ForbiddenQuery, KGraphError, PortInUse, QueryError, QueryTimeout
from kgraph.query.worker import DEFAULT_WORKERS, WORKER_MAX_MEMORY, NotAcceptable, QueryRunner

log = logging.getLogger(__name__)

#: Largest request body accepted, in bytes.
MAX_BODY_BYTES = 1 << 20
#: Host the endpoint binds unless told otherwise.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Connections the kernel queues for the server before it accepts them (the default of Python's servers is 5).
LISTEN_BACKLOG = 1024
#: Seconds a client has to send a whole request (line, headers, body), and to take each piece of an answer.
REQUEST_TIMEOUT = 10.0
#: Connections served at once; more are answered 503 at once.
MAX_CONNECTIONS = 256
#: Host names that always mean this machine.
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_PAGE_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
             "base-uri 'none'; form-action 'self'")


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: a :class:`QueryRunner` over one output folder behind a SPARQL Protocol handler.

    Args:
        address: (host, port) to bind.
        runner: the query runner (owned by the server from now on: :meth:`server_close` closes it).
        folder: the output folder (for the explorer page).
        allow_hosts: more names the ``Host`` header may carry ("*": any).
        request_timeout: seconds a client has to send a request (see :data:`REQUEST_TIMEOUT`).
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], runner: QueryRunner, folder: Path, *,
                 allow_hosts: tuple[str, ...] = (), request_timeout: float = REQUEST_TIMEOUT) -> None:
        self.runner = runner  # set first: a failed bind calls server_close()
        self.folder = folder
        self.request_timeout = request_timeout
        self.allowed_hosts = _allowed_hosts(address[0], allow_hosts)
        self.explorer = _read_explorer(folder)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._reading: dict[socket.socket, float] = {}
        self._reading_lock = threading.Lock()
        self._reaper_stop = threading.Event()
        if ":" in address[0]:  # an IPv6 address such as ::1
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        threading.Thread(target=self._reap, daemon=True, name="kgraph-http-reaper").start()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://[{name}]:{port}/" if ":" in name else f"http://{name}:{port}/"

    def reload(self) -> None:
        """Answer from the folder's graph as it is now (after a rebuild): new store, new explorer page.

        Raises:
            QueryError: the new graph cannot be opened; the server goes on with the old one.
        """
        self.runner.reload()
        self.explorer = _read_explorer(self.folder)
        log.info("reloaded %s (generation %d)", self.folder, self.runner.generation)

    # ------------------------------------------------------------------ connections
    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Retry-After: 1\r\nConnection: close\r\nContent-Length: 52\r\n\r\n"
                                b"503 Service Unavailable: too many connections at once")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def reading(self, conn: socket.socket, deadline: float | None) -> None:
        """Say that ``conn`` is reading a request until ``deadline`` (None: it is not reading any more)."""
        with self._reading_lock:
            if deadline is None:
                self._reading.pop(conn, None)
            else:
                self._reading[conn] = deadline

    def _reap(self) -> None:
        """Close connections that have not sent their whole request in time (slow or idle clients)."""
        while not self._reaper_stop.wait(0.5):
            now = time.monotonic()
            with self._reading_lock:
                late = [conn for conn, deadline in self._reading.items() if deadline < now]
                for conn in late:
                    del self._reading[conn]
            for conn in late:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A failed connection is logged, never printed as a traceback on the server's terminal."""
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            log.debug("connection from %s ended: %s", client_address, exc)
        else:
            log.warning("error while answering %s", client_address, exc_info=True)

    def server_close(self) -> None:
        self._reaper_stop.set()
        super().server_close()
        self.runner.close()


def _allowed_hosts(host: str, extra: tuple[str, ...]) -> frozenset[str] | None:
    """The names a request's Host header may carry (lower case, no port); None allows any."""
    if "*" in extra:
        return None
    names = {host.lower().strip("[]")} | {e.lower().strip("[]") for e in extra}
    if names & _LOOPBACK_NAMES:
        names |= _LOOPBACK_NAMES
    if host in ("", "0.0.0.0", "::"):  # every interface: this machine's names, and any address literal
        names |= _LOOPBACK_NAMES | {socket.gethostname().lower(), socket.getfqdn().lower(), "*literal*"}
    return frozenset(names)


def _host_allowed(header: str | None, allowed: frozenset[str] | None) -> bool:
    if allowed is None or header is None:  # HTTP/1.0 clients may send none; browsers always do
        return True
    name = header.strip().lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.split(":")[0]
    if name in allowed:
        return True
    if "*literal*" in allowed:
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False
    return False


def _read_explorer(folder: Path) -> bytes | None:
    page = folder / "graph.html"
    try:
        return page.read_bytes() if page.is_file() else None
    except OSError:
        return None


def make_server(path: Path | str, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                timeout: float | None = None, max_rows: int | None = None,
                workers: int = DEFAULT_WORKERS, max_memory: int = WORKER_MAX_MEMORY,
                allow_hosts: tuple[str, ...] = (), request_timeout: float = REQUEST_TIMEOUT) -> SparqlServer:
    """A ready-to-run endpoint over the output folder (or graph file) ``path``; port 0 picks a free port.

    Args:
        path: an output folder (``graph.trig``/``graph.ttl`` inside) or a graph file.
        host: interface to bind (default 127.0.0.1: only this machine can connect).
        port: TCP port (default 8000).
        timeout: wall-clock limit of one query in seconds (default: setting ``query_timeout``).
        max_rows: most rows of one answer (default: setting ``query_max_rows``).
        workers: worker processes, i.e. queries that may run at once.
        max_memory: most heap memory of one worker process, in bytes.
        allow_hosts: more names a request's ``Host`` header may carry ("*": any); the bound host (and, for a
            loopback host, localhost / 127.0.0.1 / ::1) is always allowed.
        request_timeout: seconds a client has to send a whole request.

    Raises:
        QueryError: no graph at ``path``, or a bad limit.
        PortInUse: the port is taken.
        OSError: the address cannot be bound for another reason.

    Call ``serve_forever()`` on it, and ``server_close()`` at the end (which also ends the workers).
    """
    runner = QueryRunner(path, timeout=timeout, max_rows=max_rows, workers=workers, max_memory=max_memory)
    try:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        return SparqlServer((host, port), runner, folder, allow_hosts=allow_hosts, request_timeout=request_timeout)
    except OSError as exc:
        runner.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} is in use on {host}", fix="try another --port (or --port 0 for any "
                            "free one), or stop the program that holds it") from None
        raise


def serve(path: Path | str, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout: float | None = None,
          max_rows: int | None = None, workers: int = DEFAULT_WORKERS, max_memory: int = WORKER_MAX_MEMORY,
          ready: threading.Event | None = None) -> None:
    """Run the endpoint until interrupted (Ctrl-C); see :func:`make_server` for the arguments."""
    server = make_server(path, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
                         max_memory=max_memory)
    log.info("SPARQL endpoint at %ssparql", server.url)
    if ready is not None:
        ready.set()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"kgraph/{__version__}"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s - %s", self.address_string(), format % args)

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.request_timeout)  # each read and write of the connection

    def handle_one_request(self) -> None:
        # the whole request must arrive before the deadline; the do_* methods say when it has
        self.server.reading(self.connection, time.monotonic() + self.server.request_timeout)
        try:
            super().handle_one_request()
        except OSError:  # the client went away, or was too slow and the reaper closed the connection
            self.close_connection = True
        finally:
            self.server.reading(self.connection, None)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stock error page, in the endpoint's plain-text form (a method it does not know gets 405)."""
        self.close_connection = True
        if code == HTTPStatus.NOT_IMPLEMENTED:
            self._other()
            return
        status = HTTPStatus(code)
        self._error(status, message or status.description, fix=explain)

    def _request_read(self) -> bool:
        """The request is in: stop its deadline; False (after answering 403) if its Host is not ours."""
        self.server.reading(self.connection, None)
        if _host_allowed(self.headers.get("Host"), self.server.allowed_hosts):
            return True
        self.close_connection = True
        host = self.headers.get("Host", "")
        self._error(HTTPStatus.FORBIDDEN, f"this server does not answer for the host {host[:100]!r}",
                    fix=f"use {self.server.url}, or start the server with --allow-host NAME")
        return False

    # ------------------------------------------------------------------ routing
    def do_GET(self) -> None:
        if not self._request_read():
            return
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, query_page(self.server.folder).encode("utf-8"), "text/html; charset=utf-8",
                       csp=_PAGE_CSP)
        elif url.path in ("/graph.html", "/explorer"):
            page = self.server.explorer
            if page is not None:
                self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
            else:
                self._error(HTTPStatus.NOT_FOUND, "this output folder has no graph.html",
                            fix="build it with `kgraph build`")
        elif url.path == "/sparql":
            self._sparql(parse_qs(url.query, keep_blank_values=True), None)
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no page at {url.path}", fix="the endpoint is /sparql")

    def do_POST(self) -> None:
        if not _host_allowed(self.headers.get("Host"), self.server.allowed_hosts):
            self._request_read()
            return
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self.close_connection = True
            self._request_read()
            self._error(HTTPStatus.NOT_FOUND, f"no endpoint at {url.path}", fix="POST to /sparql")
            return
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.strip().isdigit():
            self.close_connection = True
            self._request_read()
            self._error(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length", fix="send the body's length")
            return
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            if length <= 16 * MAX_BODY_BYTES:  # read it, so the client sees the answer, not a reset connection
                left = length
                while left > 0:
                    chunk = self.rfile.read(min(1 << 16, left))
                    if not chunk:
                        break
                    left -= len(chunk)
            self._request_read()
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY_BYTES} bytes",
                        fix="send a shorter query")
            return
        body = self.rfile.read(length)
        if not self._request_read():
            return
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8", fix="encode the query in UTF-8")
            return
        if ctype == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            self._sparql(params, None)
        elif ctype == "application/sparql-query":
            self._sparql(params, text)
        elif ctype == "application/sparql-update":
            self._refuse_update()
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"cannot read a {ctype or 'typeless'} body",
                        fix="send application/sparql-query or a form with query=")

    def _other(self) -> None:
        self.server.reading(self.connection, None)
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed: the endpoint is read-only",
                    fix="use GET or POST with a query", extra={"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_TRACE = do_CONNECT = _other

    # ------------------------------------------------------------------ the protocol
    def _refuse_update(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only",
                    fix="rebuild the graph with `kgraph build` to change it")

    def _sparql(self, params: dict[str, list[str]], body_query: str | None) -> None:
        if "update" in params:
            self._refuse_update()
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._error(HTTPStatus.BAD_REQUEST, "default-graph-uri and named-graph-uri are not supported",
                        fix="name graphs of this store with FROM / FROM NAMED in the query")
            return
        queries = [body_query] if body_query is not None else params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one query", fix="/sparql?query=SELECT…")
            return
        fmts = params.get("format") or params.get("output") or []
        fmt = fmts[0] if fmts else None
        started = False
        try:
            with self.server.runner.open_answer(queries[0], accept=self.headers.get("Accept"), fmt=fmt) as (head,
                                                                                                          chunks):
                ctype = head.media_type + ("; charset=utf-8" if head.fmt != "rdfxml" else "")
                extra = {"X-KGraph-Rows": str(head.rows),
                         "X-KGraph-Truncated": "true" if head.truncated else "false"}
                started = True
                self._send_head(HTTPStatus.OK, head.length, ctype, extra=extra)
                for chunk in chunks:  # passed on piece by piece: the server never holds a whole answer
                    self.wfile.write(chunk)
        except QueryTimeout as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, exc.message, fix=exc.fix, extra={"Retry-After": "1"})
        except NotAcceptable as exc:
            self._error(HTTPStatus.NOT_ACCEPTABLE, exc.message, fix=exc.fix)
        except (ForbiddenQuery, QueryError) as exc:
            if started:  # the worker failed in the middle of the body: the client sees a short answer
                self.close_connection = True
                return
            self._error(HTTPStatus.BAD_REQUEST, exc.message, fix=exc.fix)
        except KGraphError as exc:  # pragma: no cover - every query error is a QueryError today
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, exc.message, fix=exc.fix)

    # ------------------------------------------------------------------ responses
    def _send(self, status: HTTPStatus, body: bytes, ctype: str, *, extra: dict[str, str] | None = None,
              csp: str | None = None) -> None:
        self._send_head(status, len(body), ctype, extra=extra, csp=csp)
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_head(self, status: HTTPStatus, length: int, ctype: str, *, extra: dict[str, str] | None = None,
                   csp: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if csp:
            self.send_header("Content-Security-Policy", csp)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def _error(self, status: HTTPStatus, message: str, *, fix: str | None = None,
               extra: dict[str, str] | None = None) -> None:
        text = f"{status.value} {status.phrase}: {message}\n" + (f"fix: {fix}\n" if fix else "")
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8", extra=extra)


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside an HTML <script> element."""
    return (json.dumps(value, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def query_page(folder: Path) -> str:
    """The HTML query page: shipped examples, a query form, and a results table built with ``textContent``."""
    from kgraph.ontology import PREFIXES
    from kgraph.query.examples import list_examples

    examples = [{"name": e.name, "title": e.title, "description": e.description, "text": e.text}
                for e in list_examples()]
    explorer = ('<a href="graph.html">graph explorer</a> · ' if (folder / "graph.html").is_file() else "")
    title = html.escape(f"kgraph SPARQL — {folder.name}")
    return _PAGE.format(title=title, explorer=explorer, examples=_json_for_script(examples),
                        prefixes=_json_for_script(PREFIXES))


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font-family:"Noto Sans","Noto Sans Arabic","DejaVu Sans",sans-serif;margin:1em 2em;font-size:14px}}
textarea{{width:100%;height:14em;font-family:monospace;font-size:13px}}
table{{border-collapse:collapse;margin-top:1em}}td,th{{border:1px solid #ccc;padding:3px 6px;text-align:start;
vertical-align:top;unicode-bidi:plaintext;max-width:40em}}th{{background:#f3f3f3}}
#status{{margin-left:1em;color:#555}}pre{{white-space:pre-wrap;unicode-bidi:plaintext}}.err{{color:#a00}}
</style></head><body>
<h1>{title}</h1>
<p>{explorer}endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol, read-only). Prefixes kg: kga: kgd: kgx: rdf:
rdfs: owl: xsd: skos: prov: dcterms: are predeclared.</p>
<form id="f"><label>Example <select id="ex"><option value="">—</option></select></label>
<p id="desc"></p>
<textarea id="q" spellcheck="false">SELECT ?who ?whom WHERE {{ ?who kg:supports ?whom }} LIMIT 100</textarea><br>
<button type="submit">Run</button> <span id="status"></span> <span id="links"></span></form>
<div id="out"></div>
<script id="examples" type="application/json">{examples}</script>
<script id="prefixes" type="application/json">{prefixes}</script>
<script>
"use strict";
const examples = JSON.parse(document.getElementById("examples").textContent);
const prefixes = JSON.parse(document.getElementById("prefixes").textContent);
const sel = document.getElementById("ex"), q = document.getElementById("q"), out = document.getElementById("out");
const status = document.getElementById("status"), links = document.getElementById("links");
for (const e of examples) {{ const o = document.createElement("option"); o.value = e.name; o.textContent = e.title;
  sel.appendChild(o); }}
sel.addEventListener("change", () => {{ const e = examples.find(x => x.name === sel.value);
  document.getElementById("desc").textContent = e ? e.description : ""; if (e) q.value = e.text; }});
function short(v) {{
  for (const [p, ns] of Object.entries(prefixes)) if (v.startsWith(ns)) return p + ":" + v.slice(ns.length);
  return v; }}
function cell(t) {{ if (!t) return ""; if (t.type === "uri") return short(t.value);
  if (t.type === "bnode") return "_:" + t.value; if (t.type === "triple") return "<< … >>"; return t.value; }}
function link(fmt, label) {{ const a = document.createElement("a"); a.textContent = label;
  a.href = "sparql?format=" + fmt + "&query=" + encodeURIComponent(q.value); a.download = "result." + fmt; return a; }}
document.getElementById("f").addEventListener("submit", async (ev) => {{
  ev.preventDefault(); out.replaceChildren(); links.replaceChildren(); status.textContent = "running…";
  const t0 = performance.now();
  let r;
  try {{
    r = await fetch("sparql", {{method: "POST", headers: {{"Content-Type": "application/sparql-query",
      "Accept": "application/sparql-results+json, text/turtle;q=0.9"}}, body: q.value}});
  }} catch (e) {{ status.textContent = "the server did not answer"; return; }}
  const text = await r.text(), ms = Math.round(performance.now() - t0);
  if (!r.ok) {{ status.textContent = "error (" + ms + " ms)"; const pre = document.createElement("pre");
    pre.className = "err"; pre.textContent = text; out.appendChild(pre); return; }}
  const ct = r.headers.get("Content-Type") || "", cut = r.headers.get("X-KGraph-Truncated") === "true";
  if (ct.startsWith("application/sparql-results+json")) {{
    const j = JSON.parse(text);
    if ("boolean" in j) {{ status.textContent = String(j.boolean) + " (" + ms + " ms)"; return; }}
    const table = document.createElement("table"), head = table.insertRow();
    for (const v of j.head.vars) {{
      const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }}
    for (const b of j.results.bindings) {{ const tr = table.insertRow();
      for (const v of j.head.vars) {{ const td = tr.insertCell(); td.textContent = cell(b[v]); td.dir = "auto"; }} }}
    out.appendChild(table);
    status.textContent = j.results.bindings.length + " rows" + (cut ? " (cut at the row cap)" : "") + ", " + ms + " ms";
    links.append("download: ", link("csv", "CSV"), " ", link("tsv", "TSV"), " ", link("json", "JSON"));
  }} else {{ const pre = document.createElement("pre"); pre.textContent = text; out.appendChild(pre);
    status.textContent = ms + " ms";
    links.append("download: ", link("turtle", "Turtle"), " ", link("jsonld", "JSON-LD")); }}
}});
</script></body></html>
"""
