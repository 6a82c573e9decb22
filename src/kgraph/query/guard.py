"""The guard of the read-only query path: what a query may not do, checked before it runs.

* **Updates** (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``)
  are refused with :class:`~kgraph.errors.ForbiddenQuery`. (Oxigraph's query parser would refuse them
  too, and the store is opened read-only; the guard gives the user a clear message.)
* **SERVICE** is refused: Oxigraph would send the inner query over HTTP. Any query whose text mentions the
  word *service* anywhere is parsed with rdflib's SPARQL parser and refused if it holds a ``SERVICE``
  pattern, or if it cannot be parsed (then it cannot be shown to be safe).
* **FROM / FROM NAMED** are allowed: Oxigraph reads them as names of graphs already in the store and never
  fetches them. A query with a dataset clause runs over those graphs only; any other query sees the union
  of all graphs as its default graph.

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
QueryPlan(has_dataset=False)
>>> check_query("SELECT * FROM <https://w3id.org/kgraph/doc/a> WHERE { ?s ?p ?o }")
QueryPlan(has_dataset=True)
>>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kgraph.errors.ForbiddenQuery: SERVICE is not allowed: kgraph never sends queries to other endpoints (E401)
  fix: query the local graph only (remove the SERVICE block)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kgraph.errors import ForbiddenQuery

#: Words that only appear in SPARQL Update requests.
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
# a run of characters that are not SPARQL delimiters or operators: a keyword, prefixed name, number, …
_RUN = re.compile(r"[^\s<>(){}\[\],;\"'#?$!=+*/|^&@]+")
_VAR = re.compile(r"[?$][^\s<>(){}\[\],;\"'#?$!=+*/|^&@.]*")
_MENTIONS_SERVICE = re.compile(r"service", re.IGNORECASE)


@dataclass(frozen=True)
class QueryPlan:
    """What the guard learnt about an allowed query.

    Attributes:
        has_dataset: the query names its own dataset with ``FROM`` / ``FROM NAMED``.
    """

    has_dataset: bool


def keywords(query: str) -> list[str]:
    """The bare words of ``query`` (upper-cased), outside comments, strings, IRIs, variables and prefixed names.

    >>> keywords('SELECT ?service WHERE { ?s ex:service "service" } # SERVICE')
    ['SELECT', 'WHERE']
    """
    words: list[str] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
        elif c == "<":
            m = _IRI.match(query, i)
            i = m.end() if m else i + 1
        elif c in "\"'":
            i = _skip_string(query, i)
        elif c in "?$":
            m = _VAR.match(query, i)
            i = m.end() if m else i + 1
        else:
            m = _RUN.match(query, i)
            if not m:
                i += 1
                continue
            token = m.group().strip(".")
            if token and ":" not in token and token.isalpha() and token.isascii():
                words.append(token.upper())
            i = m.end()
    return words


def _skip_string(query: str, i: int) -> int:
    quote = query[i]
    long = query.startswith(quote * 3, i)
    end = quote * 3 if long else quote
    j = i + len(end)
    n = len(query)
    while j < n:
        if query[j] == "\\":
            j += 2
            continue
        if query.startswith(end, j):
            return j + len(end)
        if not long and query[j] == "\n":
            return j + 1
        j += 1
    return n


def check_query(query: str) -> QueryPlan:
    """Check that ``query`` may run on the read-only query path and say how to run it.

    Args:
        query: the SPARQL text, prefixes included.

    Returns:
        A :class:`QueryPlan`.

    Raises:
        ForbiddenQuery: the text is an update, or uses SERVICE (or mentions it in a way that cannot be checked).
    """
    words = keywords(query)
    updates = sorted(UPDATE_WORDS.intersection(words))
    if updates:
        raise ForbiddenQuery(f"{updates[0]} is an update: kgraph's query path is read-only",
                             fix="rebuild the graph with `kgraph build` to change it; only SELECT, ASK, "
                                 "CONSTRUCT and DESCRIBE run here")
    if "SERVICE" in words or (_MENTIONS_SERVICE.search(query) and _has_service(query)):
        raise ForbiddenQuery("SERVICE is not allowed: kgraph never sends queries to other endpoints",
                             fix="query the local graph only (remove the SERVICE block)")
    return QueryPlan(has_dataset="FROM" in words)


def _has_service(query: str) -> bool:
    """True if rdflib's parser finds a SERVICE pattern in ``query``, or cannot parse it at all."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(query)
    except Exception as exc:  # any parser failure means "cannot be shown safe"
        raise ForbiddenQuery(f"the query mentions SERVICE and could not be checked ({type(exc).__name__}: "
                             f"{str(exc)[:200]})",
                             fix="fix the syntax, or avoid the word 'service' in IRIs and strings") from exc
    return _contains(tree, "ServiceGraphPattern")


def _contains(node: Any, name: str) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, CompValue):
            if cur.name == name:
                return True
            stack.extend(cur.values())
        elif isinstance(cur, ParseResults | list | tuple):
            stack.extend(cur)
    return False
