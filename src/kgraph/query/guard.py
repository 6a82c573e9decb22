"""The guard of the read-only query path: what a query may not do, decided on the parsed query.

The guard never scans the query text with a lexer of its own (a hand-written lexer and the engine's parser
can be made to disagree about where a string or comment ends, and then SERVICE hides in a "string"). Instead:

1. **One text for both parsers.** :func:`canonical_text` expands the codepoint escapes (``\\u0041``,
   ``\\U0001F600``) once, as SPARQL 1.1 §19.2 says, and turns every ``\\r\\n`` and lone ``\\r`` into ``\\n``. A text
   whose expansion still holds an escape, or a lone surrogate, is refused. The result has nothing left for either
   parser to expand or to read as a line end differently (rdflib ends a ``#`` comment only at ``\\n``, Oxigraph
   also at ``\\r``; rdflib expands escapes before parsing, Oxigraph inside strings and IRIs), and it is the
   text that Oxigraph runs.
2. **A real parser decides.** rdflib's SPARQL 1.1 parser and algebra translation read that text. A query
   whose parse tree or algebra holds a ``SERVICE`` pattern is refused; a text rdflib cannot parse is refused
   (an update gets its own message); nothing is decided on words.
3. **The engine cannot fetch anyway.** Oxigraph's ``SERVICE`` handler cannot be switched off from Python, so
   queries run in threads that cannot open a network socket (:mod:`kgraph.query.nonet`).

**The fast path.** Loading rdflib's parser doubles the start-up of ``kgraph query``, and most queries cannot
be anything but local: a text with no backslash (so no escape spells anything) and no ``service`` in any case
(:meth:`str.casefold`, which also folds the Unicode look-alikes such as ``ſ``) cannot hold the keyword
``SERVICE`` for any reader — keywords are never spelled by IRIs, prefixes or comments, only by their letters
or by ``\\u`` escapes. Such a text (and no ``from`` either, so that :attr:`QueryPlan.has_dataset` is known)
is not read by rdflib: when Oxigraph's query parser reads it (with its line ends made ``\\n``), that text
runs. A text Oxigraph cannot read (an update never parses as a query) goes the parsed path for its message,
as does every other text.

* **Updates** (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, …) are refused with
  :class:`~kgraph.errors.ForbiddenQuery`.
* **FROM / FROM NAMED** are allowed: Oxigraph reads them as names of graphs already in the store and never
  fetches them.

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
QueryPlan(text='SELECT * WHERE { ?s ?p ?o }', has_dataset=False, parsed=False)
>>> check_query("SELECT * FROM <https://w3id.org/kgraph/doc/a> WHERE { ?s ?p ?o }").has_dataset
True
>>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kgraph.errors.ForbiddenQuery: SERVICE is not allowed: kgraph never sends queries to other endpoints (E401)
  fix: query the local graph only (remove the SERVICE block)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from kgraph.errors import ForbiddenQuery, QueryError
from kgraph.ontology import PREFIXES

__all__ = ["QueryPlan", "canonical_text", "check_query", "explain_failure", "load_parser", "plainly_local"]

#: Longest query text the guard reads, in characters (the endpoint's body limit is 1 MiB).
MAX_QUERY_CHARS = 1 << 20

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_NODES = frozenset({"ServiceGraphPattern", "Service"})
#: Words whose absence (with no backslash) lets a text skip the parse; see the fast path above.
_FAST_PATH_ABSENT = ("service", "from")


@dataclass(frozen=True)
class QueryPlan:
    """What the guard learnt about an allowed query.

    Attributes:
        text: the canonical text (:func:`canonical_text`) that was checked: the text to run.
        has_dataset: the query names its own dataset with ``FROM`` / ``FROM NAMED``.
        parsed: rdflib's parser read the text (False: the fast path, see the module docstring).
    """

    text: str
    has_dataset: bool
    parsed: bool = True


def canonical_text(query: str) -> str:
    r"""``query`` with its codepoint escapes expanded and its line ends made ``\n``.

    Raises:
        ForbiddenQuery: an escape names no character (a surrogate), or the expanded text still holds an escape
            (``\u005Cu0041`` spells ``\u0041``), so that two readers could still read it two ways.

    >>> canonical_text('SELECT ("caf\\u00E9" AS ?x) {}\r\n')
    'SELECT ("café" AS ?x) {}\n'
    """

    def expand(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise ForbiddenQuery(f"the escape {m.group()} names no character",
                                 fix="write the character itself, or a valid \\uXXXX escape")
        return chr(code)

    text = _ESCAPE.sub(expand, query)
    if _ESCAPE.search(text):
        raise ForbiddenQuery("the query's \\u escapes spell further \\u escapes, which SPARQL readers disagree on",
                             fix="write the characters themselves")
    return text.replace("\r\n", "\n").replace("\r", "\n")


@functools.lru_cache(maxsize=512)
def check_query(query: str) -> QueryPlan:
    """Check that ``query`` may run on the read-only query path and return the text to run.

    Args:
        query: the SPARQL text; the predeclared prefixes (kg:, kga:, rdfs:, …) may be used.

    Returns:
        A :class:`QueryPlan`; run its ``text``, never ``query`` itself.

    Raises:
        ForbiddenQuery: an update, SERVICE, or a text the checker cannot read safely.
        QueryError: a syntax error (with line and column) or an unknown prefix.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters", fix="send a shorter query")
    if plainly_local(query):
        text = query.replace("\r\n", "\n").replace("\r", "\n")
        if _engine_parses(text):  # an update never parses as a query
            return QueryPlan(text=text, has_dataset=False, parsed=False)
    return _check_parsed(query)  # and a text Oxigraph cannot read gets this module's message


def plainly_local(query: str) -> bool:
    r"""True if ``query`` can be run without parsing it first: no backslash, and neither ``service`` nor
    ``from`` in any case (see the module docstring).

    >>> plainly_local("SELECT * { ?s ?p ?o }"), plainly_local("select * { SeRvIcE <x:> {} }")
    (True, False)
    >>> plainly_local("SELECT * { ?s ?p '\\u0053ERVICE' }"), plainly_local("SELECT * { ?s ?p 'ſervice' }")
    (False, False)
    """
    if "\\" in query:
        return False
    folded = query.casefold()
    return not any(word in folded for word in _FAST_PATH_ABSENT)


def explain_failure(query: str) -> None:
    """Raise the error this module gives for ``query`` (an update, SERVICE, a syntax error with line and
    column, an unknown prefix) if it finds one; return if the parser reads it (call it when a query that took
    the fast path fails to parse in the engine)."""
    _check_parsed(query)


def load_parser() -> None:
    """Import rdflib's SPARQL parser now (a long-lived process does it before its first query's time limit)."""
    _check_parsed("ASK {}")


@functools.lru_cache(maxsize=512)
def _check_parsed(query: str) -> QueryPlan:
    """:func:`check_query` on rdflib's parse of the canonical text (see the module docstring)."""
    text = canonical_text(query)
    tree, algebra = _parse(text)
    if _contains(tree, _SERVICE_NODES) or _contains(algebra, _SERVICE_NODES):
        raise ForbiddenQuery("SERVICE is not allowed: kgraph never sends queries to other endpoints",
                             fix="query the local graph only (remove the SERVICE block)")
    return QueryPlan(text=text, has_dataset=bool(getattr(algebra, "datasetClause", None)))


def _parse(text: str) -> tuple[Any, Any]:
    """rdflib's parse tree and algebra of ``text``; every failure becomes a kgraph error."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
        return tree, translateQuery(tree, initNs=PREFIXES).algebra
    except ParseBaseException as exc:
        _refuse_update(text)
        raise _syntax_error(text, exc) from None
    except RecursionError:
        raise ForbiddenQuery("the query is nested too deeply to be checked",
                             fix="flatten the nested groups or expressions") from None
    except Exception as exc:  # rdflib raises bare Exceptions for unknown prefixes and bad terms
        message = str(exc)
        m = re.match(r"Unknown namespace prefix : (.*)", message)
        if m:
            raise _unknown_prefix(text, m.group(1)) from None
        raise QueryError(f"the query cannot be read: {message[:300]}", fix="check the query") from None


def _refuse_update(text: str) -> None:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        tree = parseUpdate(text)
    except (ParseBaseException, RecursionError, ValueError):
        return
    names = [getattr(op, "name", "") for op in (tree["request"] if "request" in tree else [])]
    what = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", names[0]).upper() if names else "the text"
    what = "INSERT/DELETE … WHERE" if what == "MODIFY" else what
    raise ForbiddenQuery(f"{what} is an update: kgraph's query path is read-only",
                         fix="rebuild the graph with `kgraph build` to change it; only SELECT, ASK, CONSTRUCT and "
                             "DESCRIBE run here")


def _syntax_error(text: str, exc: Any) -> QueryError:
    """A syntax error at the engine's position when it finds one inside the text, else at rdflib's."""
    no_form = "SelectQuery | ConstructQuery" in str(exc.msg)  # rdflib found no query form at all
    line, col = (exc.lineno, exc.col) if no_form else _engine_position(text) or (exc.lineno, exc.col)
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    at = source[col - 1:col + 19].split(" ")[0] if col - 1 < len(source) else ""
    found = f"unexpected {at!r}" if at else "the line ends here" if line < len(lines) else "the query ends too early"
    if no_form:
        found = f"expected SELECT, CONSTRUCT, DESCRIBE or ASK, found {at!r}"
    shown = source if len(source) <= 120 else source[max(0, col - 60):col + 60]
    caret = " " * (min(col, 61) - 1 if len(source) > 120 else col - 1) + "^"
    return QueryError(f"SPARQL syntax error at line {line}, column {col}: {found}\n    {shown}\n    {caret}",
                      fix="check brackets, quotes and dots near that place; kgraph reads SPARQL 1.1 (no RDF-star)")


def _engine_position(text: str) -> tuple[int, int] | None:
    """Oxigraph's (line, column) of the first syntax error in ``text``, or None if it parses the whole text.

    A line with a control character is appended, so Oxigraph always fails to parse and never runs anything.
    """
    import pyoxigraph as ox

    try:
        ox.Store().query(text + "\n\x01", prefixes=PREFIXES)
    except SyntaxError as exc:
        m = re.match(r"error at (\d+):(\d+)", str(exc))
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            if line <= text.count("\n") + 1:
                return line, col
    except Exception:
        return None
    return None


def _engine_parses(text: str) -> bool:
    """True only if Oxigraph's query parser reads ``text``: it is prepared on an empty store, in a query thread
    (:mod:`kgraph.query.nonet`); its answers are never read (a SELECT or CONSTRUCT is not evaluated, an ASK on
    nothing)."""
    import pyoxigraph as ox

    from kgraph.query import nonet

    def prepare() -> None:
        ox.Store().query(text, prefixes=PREFIXES)  # dropped in the thread that made it (pyoxigraph needs that)

    try:
        nonet.run(prepare)
    except Exception:
        return False
    return True


def _unknown_prefix(text: str, prefix: str) -> QueryError:
    m = re.search(rf"(?<![\w:.\-]){re.escape(prefix)}:", text)
    where = ""
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        where = f" at line {line}, column {col}"
    known = ", ".join(f"{p}:" for p in PREFIXES)
    return QueryError(f"SPARQL syntax error{where}: unknown prefix {prefix}:",
                      fix=f"declare it (PREFIX {prefix}: <http://…#>) or use a predeclared prefix: {known}")


def _contains(node: Any, names: frozenset[str]) -> bool:
    """True if a parse tree or algebra node named one of ``names`` is anywhere under ``node``."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [node], set()
    while stack:
        cur = stack.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, CompValue):
            if cur.name in names:
                return True
            stack.extend(cur.values())
        elif isinstance(cur, ParseResults | list | tuple | set | frozenset):
            stack.extend(cur)
        elif isinstance(cur, dict):
            stack.extend(cur.values())
    return False
