"""A client of the SPARQL 1.1 Graph Store HTTP Protocol: PUT (replace), POST (add to) and DELETE one graph,
over one kept-alive connection, with retries of what may pass on a second try."""

from __future__ import annotations

import base64
import http.client
import logging
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from kgraph.errors import StoreError

log = logging.getLogger(__name__)

#: HTTP statuses a request is tried again after (the store is busy or restarting).
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
#: Seconds to wait for the store to answer one request.
REQUEST_TIMEOUT = 300.0
#: What to do about a refusal, by HTTP status.
_FIXES = {
    400: "the store could not read what kgraph sent; check that --store is a Graph Store endpoint (not /query "
         "or /update) and report the store's message",
    401: "the store wants credentials: give them in the URL (http://USER:PASSWORD@HOST/...)",
    403: "the store refuses writes: give credentials in the URL, or start it writable (`oxigraph serve`, "
         "not serve-read-only)",
    404: "no Graph Store endpoint at this URL: give the store's (Oxigraph: http://HOST:7878/store, Fuseki: "
         "http://HOST:3030/DATASET/data, GraphDB: http://HOST:7200/repositories/REPO/rdf-graphs/service)",
    405: "this URL does not take PUT/POST/DELETE: give the store's Graph Store endpoint, not its query endpoint",
    413: "the store takes smaller requests: lower the push_batch_quads setting (e.g. KGRAPH_PUSH_BATCH_QUADS=5000)",
    415: "the store does not read N-Triples at this URL: give its Graph Store endpoint",
}


@dataclass(frozen=True)
class Target:
    """A graph of the store: ``None`` is the default graph."""

    graph: str | None

    def query(self) -> str:
        return "default" if self.graph is None else "graph=" + urllib.parse.quote(self.graph, safe="")

    def __str__(self) -> str:
        return "the default graph" if self.graph is None else f"graph <{self.graph}>"


class GraphStore:
    """The Graph Store endpoint at ``url`` (``http(s)://[USER:PASSWORD@]HOST[:PORT]/PATH``).

    Args:
        url: the endpoint, e.g. ``http://127.0.0.1:7878/store`` for ``oxigraph serve``.
        retries: how many times a request that failed in a way that may pass (no connection, a reset, a 5xx,
            429) is tried again, waiting 0.5 s, 1 s, 2 s ... (at most 30 s) in between.
        sleep: the waiting function (tests give one that does not wait).

    Raises:
        StoreError: ``url`` is not an http(s) URL.
    """

    def __init__(self, url: str, *, retries: int = 5, sleep: Callable[[float], None] = time.sleep) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"--store {url!r} is not an http(s) URL",
                             fix="give the store's Graph Store endpoint, e.g. http://127.0.0.1:7878/store")
        self.url = url
        self.shown = urllib.parse.urlunsplit(parts._replace(netloc=parts.hostname + (
            f":{parts.port}" if parts.port else "")))  # without the password
        self._parts = parts
        self._auth = None
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self.retries = retries
        self._sleep = sleep
        self._conn: http.client.HTTPConnection | None = None
        #: requests sent (tries included)
        self.requests = 0

    def put(self, target: Target, body: bytes) -> None:
        """Replace ``target`` by the N-Triples ``body``."""
        self._send("PUT", target, body)

    def post(self, target: Target, body: bytes) -> None:
        """Add the N-Triples ``body`` to ``target``."""
        self._send("POST", target, body)

    def delete(self, target: Target) -> None:
        """Remove ``target`` (a graph that is not there is not an error)."""
        self._send("DELETE", target, None, missing_ok=True)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            host, port = self._parts.hostname or "", self._parts.port
            cls = http.client.HTTPSConnection if self._parts.scheme == "https" else http.client.HTTPConnection
            self._conn = cls(host, port, timeout=REQUEST_TIMEOUT)
        return self._conn

    def _send(self, method: str, target: Target, body: bytes | None, *, missing_ok: bool = False) -> None:
        path = self._parts.path or "/"
        query = "&".join(q for q in (self._parts.query, target.query()) if q)
        headers = {"Content-Type": "application/n-triples; charset=utf-8"} if body is not None else {}
        if self._auth:
            headers["Authorization"] = self._auth
        attempt = 0
        while True:
            attempt += 1
            why: str
            try:
                conn = self._connection()
                self.requests += 1
                conn.request(method, f"{path}?{query}", body=body, headers=headers)
                resp = conn.getresponse()
                text = resp.read(4096).decode("utf-8", "replace").strip()
                resp.read()  # the rest, so that the connection can be used again
                if resp.will_close:
                    self.close()
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                why = _os_reason(exc)
                if attempt > self.retries:
                    raise StoreError(f"cannot reach the store at {self.shown} ({why}) after {attempt} tries",
                                     fix="start the store or correct --store; `kgraph push` again resumes where "
                                         "this one stopped") from exc
            else:
                if 200 <= resp.status < 300 or (missing_ok and resp.status == 404):
                    return
                why = f"HTTP {resp.status} {resp.reason}" + (f": {text[:300]}" if text else "")
                if resp.status not in RETRY_STATUSES or attempt > self.retries:
                    raise StoreError(f"the store at {self.shown} refused {method} of {target}: {why}",
                                     fix=_FIXES.get(resp.status, "see the store's message and its log; `kgraph "
                                                                 "push` again resumes where this one stopped"))
            delay = min(30.0, 0.5 * 2 ** (attempt - 1))
            log.warning("store %s: %s; trying again in %.1f s", self.shown, why, delay)
            self._sleep(delay)


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


__all__ = ["RETRY_STATUSES", "GraphStore", "Target"]
