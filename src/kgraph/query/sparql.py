"""SPARQL queries over a kgraph output folder or graph file, with Oxigraph (pyoxigraph).

The usual prefixes (kg:, kga:, kgd:, kgx:, rdf, rdfs, owl, xsd, skos, prov, dcterms) are predeclared; a
query's own ``PREFIX`` lines override them. Queries run over a persistent read-only store kept in the output
folder (see :mod:`kgraph.query.store`), whose default graph is the merge of all graphs, after the guard
(:mod:`kgraph.query.guard`) has refused updates and SERVICE, in a thread that cannot open network sockets
(:mod:`kgraph.query.nonet`).

>>> import pyoxigraph as ox
>>> from kgraph.ontology import KG, KGA
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode(KGA + "coalition"), ox.NamedNode(KG + "supports"), ox.NamedNode(KGA + "sdf")))
>>> res = run_query(store, "SELECT ?whom WHERE { kga:coalition kg:supports ?whom }")
>>> [term_text(row[0]) for row in res.rows]
['kga:sdf']
"""

from __future__ import annotations

import os
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from kgraph.errors import QueryError
from kgraph.ontology import PREFIXES
from kgraph.query.guard import check_query, explain_failure

if TYPE_CHECKING:
    from pandas import DataFrame
    from pyoxigraph import BlankNode, Literal, NamedNode, Triple

    from kgraph.query.convert import Value

    #: An RDF term of a result (Oxigraph's classes; ``Triple`` for RDF-star quoted triples).
    Term: TypeAlias = NamedNode | BlankNode | Literal | Triple
    #: The subject of a result triple.
    Subject: TypeAlias = NamedNode | BlankNode | Triple

__all__ = ["QueryResult", "graph_file", "open_store", "parse_term", "run_query", "term_text",
           "with_prefixes"]

#: What a query returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).
QueryKind: TypeAlias = typing.Literal["select", "ask", "graph"]

_FORMATS = {".ttl": "text/turtle", ".trig": "application/trig", ".nq": "application/n-quads",
            ".nt": "application/n-triples", ".jsonld": "application/ld+json"}


@dataclass
class QueryResult:
    """A SELECT (``variables`` + ``rows``), ASK (``boolean``) or CONSTRUCT/DESCRIBE (``triples``) result.

    ``truncated`` is True when ``max_rows`` cut the rows (or triples) short. ``rows`` hold Oxigraph terms;
    :meth:`to_dicts` and :meth:`to_dataframe` give plain Python values, and Jupyter shows a small table.
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Subject, NamedNode, Term]] = field(default_factory=list)
    truncated: bool = False

    def to_dicts(self, *, compact: bool = False) -> list[dict[str, Value]]:
        """One dict per row, variable → plain Python value: an IRI its text (``compact=True``: ``kga:isis``),
        numbers ``int``/``float``, booleans ``bool``, ``xsd:date`` a ``datetime.date``, other literals their
        text, an unbound variable ``None`` (see :mod:`kgraph.query.convert`). An ASK gives
        ``[{"boolean": ...}]``, a CONSTRUCT or DESCRIBE one dict per triple (``subject``, ``predicate``,
        ``object``).

        >>> QueryResult(kind="ask", boolean=True).to_dicts()
        [{'boolean': True}]
        """
        from kgraph.query.convert import plain

        if self.kind == "ask":
            return [{"boolean": bool(self.boolean)}]
        if self.kind == "graph":
            return [{"subject": plain(s, compact=compact), "predicate": plain(p, compact=compact),
                     "object": plain(o, compact=compact)} for s, p, o in self.triples]
        return [{v: plain(t, compact=compact) for v, t in zip(self.variables, row, strict=True)} for row in self.rows]

    def columns(self) -> list[str]:
        """The keys of :meth:`to_dicts`' dicts: the variables, ``boolean`` (ASK) or ``subject``, ``predicate``,
        ``object`` (CONSTRUCT, DESCRIBE)."""
        if self.kind == "ask":
            return ["boolean"]
        if self.kind == "graph":
            return ["subject", "predicate", "object"]
        return list(self.variables)

    def to_dataframe(self, *, compact: bool = False) -> DataFrame:
        """The rows as a pandas DataFrame, one column per variable (values as :meth:`to_dicts` gives them).

        Raises:
            MissingDependency: pandas is not installed; ``pip install 'kgraph[pandas]'``.
        """
        from kgraph.query.convert import require_pandas

        pandas = require_pandas()
        frame: DataFrame = pandas.DataFrame(self.to_dicts(compact=compact), columns=self.columns())
        return frame

    def _repr_html_(self) -> str:
        from kgraph import settings
        from kgraph.query.convert import HTML_ROWS, html_table

        if self.kind == "ask":
            return html_table(["boolean"], [["true" if self.boolean else "false"]])
        total = len(self.triples) if self.kind == "graph" else len(self.rows)
        note = ""
        if self.truncated:
            note = (f"cut at {total} rows: give max_rows=N or raise the query_max_rows setting "
                    f"({settings.how_to_set('query_max_rows')})")
        head = replace(self, rows=self.rows[:HTML_ROWS], triples=self.triples[:HTML_ROWS])
        rows = [list(d.values()) for d in head.to_dicts(compact=True)]
        return html_table(self.columns(), rows, total=total, note=note)


def graph_file(path: Path) -> Path:
    """The file to load for ``path``: a graph file, or ``graph.trig``/``graph.ttl`` in an output folder."""
    path = Path(path)
    if path.is_dir():
        for name in ("graph.trig", "graph.ttl", "graph.nq"):
            if (path / name).exists():
                return path / name
        raise QueryError(f"{path}: no graph.trig or graph.ttl in this folder",
                         fix="build one first: kgraph build ARTICLES --out " + str(path))
    if not path.exists():
        raise QueryError(f"{path}: no such file or folder", fix="give an output folder or a .ttl/.trig file")
    if path.suffix not in _FORMATS:
        raise QueryError(f"{path}: unknown graph format {path.suffix!r}",
                         fix="use .ttl, .trig, .nq, .nt or .jsonld")
    return path


def open_store(path: Path, *, cache: bool = True, progress: Callable[[str], None] | None = None) -> Any:
    """An Oxigraph store holding the graph at ``path``.

    Args:
        path: an output folder or a graph file.
        cache: for an output folder, keep a persistent store in ``path/.store`` and open it read-only
            (default True). A single graph file is always loaded into memory.
        progress: called with a line now and then while the graph is loaded (default: silent).

    Raises:
        QueryError: nothing loadable at ``path``, or the graph does not parse.
    """
    from kgraph.query.store import load_in_memory, open_cached

    path = Path(path)
    file = graph_file(path)
    if cache and path.is_dir():
        return open_cached(file, progress=progress)
    return load_in_memory(file, progress=progress)


def with_prefixes(query: str) -> str:
    """``query`` with PREFIX lines for the predeclared prefixes it does not declare itself."""
    declared = {line.split()[1].rstrip(":").lower() for line in query.splitlines()
                if line.strip().upper().startswith("PREFIX") and len(line.split()) > 1}
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return head + query


def parse_term(text: str) -> Any:
    """An Oxigraph term written as ``<iri>``, ``prefix:name``, ``"text"@lang``, a number, or plain text.

    >>> parse_term("kga:isis").value
    'https://w3id.org/kgraph/actor/isis'
    >>> parse_term('"داعش"@ar').language
    'ar'
    >>> parse_term("12").datatype.value
    'http://www.w3.org/2001/XMLSchema#integer'
    """
    import re

    import pyoxigraph as ox

    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and " " not in text:
        return ox.NamedNode(PREFIXES[prefix] + local)
    m = re.fullmatch(r'"(.*)"(?:@([A-Za-z0-9-]+))?', text, re.DOTALL)
    if m:
        return ox.Literal(m.group(1), language=m.group(2)) if m.group(2) else ox.Literal(m.group(1))
    if re.fullmatch(r"[+-]?\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode(PREFIXES["xsd"] + "decimal"))
    return ox.Literal(text)


def run_query(path: Path | str | Any, query: str, *, max_rows: int | None = None,
              bindings: Mapping[str, Any] | None = None,
              progress: Callable[[str], None] | None = None) -> QueryResult:
    """Run ``query`` over the graph at ``path`` (an output folder, a graph file or an opened store).

    Args:
        path: where the graph is.
        query: SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE; predeclared prefixes may be used.
        max_rows: keep at most this many rows (or triples); ``truncated`` says whether more existed.
            None (the default) keeps all.
        bindings: values for variables of the query, ``{"actor": "kga:isis"}`` (text as :func:`parse_term`
            reads it, or Oxigraph terms), substituted before the query runs.
        progress: called with a line now and then while the graph is loaded (the first query over an output
            folder builds its store).

    Raises:
        ForbiddenQuery: the query is an update or uses SERVICE.
        QueryError: the query does not parse, or the graph cannot be loaded.
    """
    import pyoxigraph as ox

    from kgraph.query import nonet

    plan = check_query(query)
    store = open_store(Path(path), progress=progress) if isinstance(path, str | os.PathLike) else path
    subs = None
    if bindings:
        subs = {ox.Variable(k.lstrip("?$")): (parse_term(v) if isinstance(v, str) else v)
                for k, v in bindings.items()}
    try:
        # the checked text is the text that runs, in a thread that cannot open network sockets; the stores
        # built here hold the merge of all graphs in their default graph (see store.py), so FROM and FROM
        # NAMED keep their standard meaning
        return nonet.run(lambda: _collect(store.query(plan.text, prefixes=PREFIXES, substitutions=subs),
                                          max_rows))
    except SyntaxError as exc:
        if not plan.parsed:  # the fast path: the guard's parser says what is wrong (an update, a typo) and where
            explain_failure(query)
        raise QueryError(f"SPARQL syntax error: {exc}", fix="check the query; prefixes kg:, kga:, rdfs: … "
                         "are predeclared") from exc
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        fix = "check the query"
        if subs and "projection" in str(exc):
            fix = "a variable given a value must be in the SELECT list (or use SELECT *)"
        raise QueryError(f"the query failed: {exc}", fix=fix) from exc


def _collect(result: Any, max_rows: int | None) -> QueryResult:
    import itertools

    import pyoxigraph as ox

    if isinstance(result, bool | ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(result))
    limit = None if max_rows is None else max_rows + 1
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[sol[v] for v in variables] for sol in itertools.islice(result, limit)]
        truncated = max_rows is not None and len(rows) > max_rows
        return QueryResult(kind="select", variables=variables, rows=rows[:max_rows] if truncated else rows,
                           truncated=truncated)
    triples = [(t.subject, t.predicate, t.object) for t in itertools.islice(result, limit)]
    truncated = max_rows is not None and len(triples) > max_rows
    return QueryResult(kind="graph", triples=triples[:max_rows] if truncated else triples, truncated=truncated)


def term_text(term: Any) -> str:
    """A short human form of an Oxigraph term (prefixed IRI, literal value)."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{p}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
