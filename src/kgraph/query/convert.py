"""RDF terms as plain Python values, and small HTML tables (what :class:`~kgraph.query.sparql.QueryResult`
converts its rows with).

RDF terms become the Python value a user expects: an IRI its text (or ``kga:isis`` with ``compact=True``), a
number an ``int`` or ``float``, a boolean a ``bool``, an ``xsd:date`` a ``datetime.date``, an
``xsd:dateTime`` a ``datetime.datetime``, any other literal its text (the language tag is dropped), a blank
node ``_:id`` and an unbound variable ``None``.

>>> import pyoxigraph as ox
>>> plain(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
3
>>> plain(ox.NamedNode("https://w3id.org/kgraph/actor/isis"), compact=True)
'kga:isis'
>>> plain(ox.Literal("2024-05-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
datetime.date(2024, 5, 1)
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any, TypeAlias

from kgraph.errors import MissingDependency
from kgraph.ontology import PREFIXES

#: A value of a converted result.
Value: TypeAlias = str | int | float | bool | dt.date | dt.datetime | None

#: Rows a result's ``_repr_html_`` shows.
HTML_ROWS = 20

_XSD = PREFIXES["xsd"]
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
                                "unsignedShort", "unsignedByte")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def plain(term: Any, *, compact: bool = False) -> Value:
    """The Python value of one RDF term (see the module docstring)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value) if compact else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.datatype.value)
    return str(term)


def _literal(text: str, datatype: str) -> Value:
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype in _FLOATS:
            return float(text)
        if datatype == _XSD + "boolean":
            return text.strip() in ("true", "1")
        if datatype == _XSD + "date":
            return dt.date.fromisoformat(text)
        if datatype == _XSD + "dateTime":
            return dt.datetime.fromisoformat(text)
    except ValueError:
        return text  # an ill-formed literal keeps its text
    return text


def compact_iri(iri: str) -> str:
    """``iri`` written with one of kgraph's prefixes when one fits (``kga:isis``), else unchanged."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def require_pandas() -> Any:
    """The pandas module.

    Raises:
        MissingDependency: pandas is not installed.
    """
    try:
        import pandas
    except ImportError as exc:
        raise MissingDependency("DataFrames need pandas, which is not installed",
                                fix="pip install 'kgraph[pandas]' (or pip install pandas)") from exc
    return pandas


def html_table(head: Sequence[str], rows: Sequence[Sequence[object]], *, total: int | None = None,
               note: str = "") -> str:
    """A small HTML table: ``head`` and at most :data:`HTML_ROWS` of ``rows``, every cell escaped, and a line
    saying how many rows there are (``total``, default ``len(rows)``) and ``note``."""
    total = len(rows) if total is None else total
    cells = "".join(f"<th>{html.escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows[:HTML_ROWS])
    shown = f"{total} row{'s' if total != 1 else ''}"
    if total > HTML_ROWS:
        shown = f"first {HTML_ROWS} of {total} rows"
    foot = html.escape(shown + (f"; {note}" if note else ""))
    return (f'<table class="kgraph-table"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'
            f'<p class="kgraph-table-note"><small>{foot}</small></p>')


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if len(text) > 200:
        text = text[:199] + "…"
    return html.escape(text)


__all__ = ["HTML_ROWS", "Value", "compact_iri", "html_table", "plain", "require_pandas"]
