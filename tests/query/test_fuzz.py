"""Hostile SPARQL text: escape sequences, comments and nested strings that try to smuggle SERVICE past the guard.

Every variant hides ``SERVICE … <http://127.0.0.1:PORT/>`` among fragments that open or close a string, an IRI
or a comment in one reader and not in another (``\\u0022``, ``\\r`` ending a comment, ``'''…'''``, ``\\\\``, …).
The properties: whatever `kgraph query` and `kgraph serve` do with it, no connection reaches a listening socket;
and the guard alone (no seccomp) never lets through a text that makes Oxigraph connect.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: Spellings of the keyword and of its target (PORT is the listener's port; svc: and ?svc are declared below).
#: Oxigraph reads \u escapes only inside strings and IRIs, rdflib before parsing: the first lists are valid
#: for Oxigraph, the ODD ones only for a reader that expands escapes everywhere (or for none).
SERVICE_WORDS = ["SERVICE", "service", "SeRvIcE"]
SERVICE_ODD = [r"\u0053ERVICE", r"S\u0045RVICE", r"\U00000053ERVICE"]
SILENT = ["", "", " SILENT", " silent"]
SILENT_ODD = [r" \u0053ILENT"]
TARGETS = ["<http://127.0.0.1:PORT/>", r"<http\u003A//127.0.0.1:PORT/>", r"<http://127.0.0.1:PORT/\u0041>", "?svc",
           "svc:"]
TARGETS_ODD = [r"\u003Chttp://127.0.0.1:PORT/\u003E"]
#: What separates tokens or ends a comment, in one reader but maybe not in the other.
SEPARATORS = [" ", "\n", "\r", "\r\n", "\t", "#c\n", "#c\r", "#c\r\n", r"#c\u000A", "#c\\u000D\n", "# \\u0022 '\n",
              "#\"\r", "#'''\n", "#<\r", "#c\\u000A\r", "#\\u0023\r"]
SEPARATORS_ODD = ["\x0c", "\u2028", "\x85", r"\u0020", r"\u000A", r"\u000D", r"\u0009", "\\u0023\n"]
#: Terms that open, close or fake a string, IRI or comment.
TRAPS = [r'"x\u0022"', r"'x\u0027'", r'"\u0022"', r"<http://a/\u0041'>", r'"""a\u0022\u0022\u0022b"""',
         r"'''a'\u0027'b'''", r'"a\\"', r"'a\\'", r'"\\u0022"', '"#"', "<urn:#>", "'\"'", "\"'\"", r'"\""', r"'\''",
         r'"a\nb"', '"""a"b""c"""', "'''a\nb'''", "'''a\rb'''", r'"x\u0020"', r'"\u0020\u0022 "', r'"\u000A"',
         r'"\u000D"', r'"#\u000A"', "'#'", r'"\u005C"', r'"\u005C\u0022"', r'"\u0023"', r"'\u0027\u0027\u0027'",
         r'"""\u0022"""', "1", "<urn:x>", r"<urn:x\u0023y>", '"{"', '"}"', "'<'", '">"', r"'''\u0027'''"]
TRAPS_ODD = [r"\u0022", r"\u0027", r"\u0023", '"""', "'''", '"', "'", "<", "\\", r"\u005Cu0022",
             r'<http://a/\u0041">', r"<a\u003E", r'"\uD800"']
WRAPS = ["VALUES ?v { %s }", "VALUES ?v { %s %s }", "FILTER(?v != %s)", "BIND(%s AS ?w)", "OPTIONAL { ?v ?p %s }"]


def variant(choose: Callable[[list[str]], str], port: int) -> str:
    """One hostile query; ``choose`` picks an element of a list (hypothesis or a seeded random).

    Half the variants stay within what Oxigraph parses (so SERVICE would really run), the other half mix in
    escapes outside strings, odd line ends and broken fragments.
    """
    odd = choose(["", "odd"]) == "odd"

    def pick(plain: list[str], extra: list[str]) -> str:
        return choose(plain + extra if odd else plain)

    def part() -> str:
        wrap = choose(WRAPS)
        while "%s" in wrap:
            wrap = wrap.replace("%s", pick(TRAPS, TRAPS_ODD) + pick(SEPARATORS, SEPARATORS_ODD), 1)
        return wrap

    target = pick(TARGETS, TARGETS_ODD)
    prologue = "PREFIX svc: <http://127.0.0.1:PORT/>\n" if target == "svc:" else ""
    bind = "BIND(<http://127.0.0.1:PORT/> AS ?svc) " if target == "?svc" else ""
    sep = lambda: pick(SEPARATORS, SEPARATORS_ODD)  # noqa: E731
    text = (f"{prologue}SELECT * WHERE {{{sep()}{part()}{sep()}{bind}{pick(SERVICE_WORDS, SERVICE_ODD)}"
            f"{pick(SILENT, SILENT_ODD)} {target} {{ ?a ?b ?c }}{sep()}{part()} }}")
    return text.replace("PORT", str(port))


def corpus(n: int, port: int, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    return [variant(rng.choice, port) for _ in range(n)]


def hits_after(listener: Any, before: int) -> int:
    time.sleep(0.3)  # the listener polls accept() every 0.2 s
    return len(listener.hits) - before


def test_fuzz_issue13_corpus_is_hostile(listening_port: Any) -> None:
    """Without guard and seccomp, many variants do make Oxigraph connect: the corpus tests something."""
    import pyoxigraph as ox

    contacted = 0
    store = ox.Store()
    for query in corpus(300, listening_port.port):
        before = len(listening_port.hits)
        worker = threading.Thread(target=_quietly, args=(store, query), daemon=True)
        worker.start()
        worker.join(5)
        contacted += len(listening_port.hits) > before  # the listener closed it: the query has seen the accept
    assert contacted >= 30, contacted


def _quietly(store: Any, query: str) -> None:
    try:
        list(store.query(query))
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass


choices = st.data()


@settings(max_examples=1000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=choices)
def test_fuzz_issue13_guard_alone_never_passes_a_fetching_text(listening_port: Any, data: st.DataObject) -> None:
    """Layer 1 on its own: a text the guard accepts never makes bare Oxigraph (no seccomp) connect."""
    import pyoxigraph as ox

    from kgraph.errors import QueryError
    from kgraph.ontology import PREFIXES
    from kgraph.query.guard import check_query

    query = variant(lambda xs: data.draw(st.sampled_from(xs)), listening_port.port)
    try:
        plan = check_query(query)
    except QueryError:
        return
    before = len(listening_port.hits)
    worker = threading.Thread(target=_quietly_prefixed, args=(ox.Store(), plan.text, PREFIXES), daemon=True)
    worker.start()
    worker.join(5)
    assert len(listening_port.hits) == before, query


def _quietly_prefixed(store: Any, text: str, prefixes: dict[str, str]) -> None:
    try:
        list(store.query(text, prefixes=prefixes))
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass


def test_fuzz_issue13_kgraph_query_never_contacts_a_listener(sparql_out: Path, listening_port: Any) -> None:
    from click.testing import CliRunner

    from kgraph.cli import cli

    runner = CliRunner()
    codes = set()
    for query in corpus(1000, listening_port.port, seed=1301):
        result = runner.invoke(cli, ["query", str(sparql_out), query])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        codes.add(result.exit_code)
    assert codes <= {0, 1}
    assert hits_after(listening_port, 0) == 0


def test_fuzz_issue13_kgraph_serve_never_contacts_a_listener(sparql_server: Any, listening_port: Any) -> None:
    import urllib.error
    import urllib.request

    statuses = set()
    for query in corpus(1000, listening_port.port, seed=1302):
        data = urllib.parse.urlencode({"query": query}).encode()
        req = urllib.request.Request(sparql_server.url + "sparql", data=data,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                statuses.add(resp.status)
        except urllib.error.HTTPError as exc:
            statuses.add(exc.code)
    assert statuses <= {200, 400}, statuses
    assert hits_after(listening_port, 0) == 0


#: Spellings of the keyword without a backslash: the fast path (no rdflib parse) must never run one that a
#: reader takes for SERVICE. Unicode look-alikes (long s, dotted I, Kelvin-like and fullwidth letters), the word
#: cut by a comment, a zero-width or a soft hyphen, and plain case variants.
LOOKALIKES = ["SERVICE", "service", "sErViCe", "ſERVICE", "ſervice", "SERVİCE", "servİce", "ＳＥＲＶＩＣＥ",
              "SERV\u200bICE", "SERV\u00adICE", "SERV#c\nICE", "SERV ICE", "S\u0301ERVICE", "ꜱᴇʀᴠɪᴄᴇ", "Service\u0300"]
PLAIN_TRAPS = ['"x"', "'y'", '"""a"b"""', "'''a'b'''", "<urn:x>", '"#"', "<urn:#>", "1", '"{"', "'}'"]
PLAIN_SEPARATORS = [" ", "\n", "\r", "\r\n", "\t", "#c\n", "#c\r", "#\"\r", "#'''\n", "\x0c", "\u2028"]


def plain_variant(choose: Callable[[list[str]], str], port: int) -> str:
    """A hostile query without a backslash: the keyword spelled by :data:`LOOKALIKES`."""
    def part() -> str:
        return f"VALUES ?v {{ {choose(PLAIN_TRAPS)}{choose(PLAIN_SEPARATORS)}}}"

    target = choose(["<http://127.0.0.1:PORT/>", "?svc"])
    bind = "BIND(<http://127.0.0.1:PORT/> AS ?svc) " if target == "?svc" else ""
    text = (f"SELECT * WHERE {{{choose(PLAIN_SEPARATORS)}{part()} {bind}{choose(LOOKALIKES)}"
            f"{choose(['', ' SILENT'])} {target} {{ ?a ?b ?c }}{choose(PLAIN_SEPARATORS)}{part()} }}")
    return text.replace("PORT", str(port))


@settings(max_examples=1000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=choices)
def test_fuzz_issue13_fast_path_never_passes_a_fetching_text(listening_port: Any, data: st.DataObject) -> None:
    """The guard's fast path (no parse: no backslash and no ``service`` in any case) is taken only by texts
    that bare Oxigraph (no seccomp) never runs SERVICE for, whatever the keyword's spelling."""
    import pyoxigraph as ox

    from kgraph.errors import QueryError
    from kgraph.ontology import PREFIXES
    from kgraph.query.guard import check_query, plainly_local

    draw = lambda xs: data.draw(st.sampled_from(xs))  # noqa: E731
    query = plain_variant(draw, listening_port.port) if draw([0, 1]) else variant(draw, listening_port.port)
    if "service" in query.casefold() or "\\" in query:
        assert not plainly_local(query), query
    if not plainly_local(query):
        return
    try:
        assert not check_query(query).parsed
    except QueryError:
        pass
    before = len(listening_port.hits)  # the text itself, whatever the guard said, never fetches
    worker = threading.Thread(target=_quietly_prefixed, args=(ox.Store(), query, PREFIXES), daemon=True)
    worker.start()
    worker.join(5)
    assert len(listening_port.hits) == before, query


def test_fuzz_issue13_fast_path_is_taken_by_plain_queries_and_loads_no_rdflib(sparql_out: Path) -> None:
    """The common query is not parsed by rdflib (its import doubled `kgraph query`'s start-up), and what the
    fast path lets through still gets the guard's messages: an update is refused, a typo says where."""
    import subprocess
    import sys

    from kgraph.query.guard import check_query

    assert check_query("SELECT ?s WHERE { ?s a kg:Actor } LIMIT 3").parsed is False
    assert check_query("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }").parsed is True  # FROM: has_dataset is read
    code = ("import sys\nfrom click.testing import CliRunner\nfrom kgraph.cli import cli\n"
            f"r = CliRunner().invoke(cli, ['query', {str(sparql_out)!r}, sys.argv[1]])\n"
            "print(r.exit_code, 'rdflib' in sys.modules)\nprint(r.output)")
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {"PYTHONPATH": src, "PATH": "/usr/bin:/bin"}

    def run(query: str) -> list[str]:
        out = subprocess.run([sys.executable, "-c", code, query], capture_output=True, text=True, env=env,
                             timeout=120, check=True).stdout
        return out.split("\n", 1)

    head, _ = run("SELECT ?s WHERE { ?s a kg:Actor } LIMIT 3")
    assert head == "0 False"
    head, text = run("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert head.startswith("1 ") and "is an update" in text and "E401" in text
    head, text = run("SELECT ?s WHERE {\n  ?s a kg:Actor .\n  ?s kg:nope ?x ?y }")
    assert head.startswith("1 ") and "line 3" in text
