"""Query results in the W3C formats, and HTTP content negotiation between them.

SELECT and ASK results: SPARQL 1.1 Query Results JSON, XML, CSV and TSV. CONSTRUCT and DESCRIBE results:
Turtle (with kgraph's prefixes), N-Triples, RDF/XML and JSON-LD. The same writers serve ``kgraph query``
and the HTTP endpoint, so both give the same bytes.

>>> import pyoxigraph as ox
>>> from kgraph.query.sparql import QueryResult
>>> res = QueryResult(kind="select", variables=["x"], rows=[[ox.Literal("داعش", language="ar")]])
>>> serialize(res, "tsv").decode("utf-8")
'?x\\n"داعش"@ar\\n'
>>> negotiate("text/csv;q=0.5, application/sparql-results+json", kind="select")
'json'
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from kgraph.query.sparql import QueryResult

#: Result formats of SELECT and ASK queries: name → media type.
SELECT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: Result formats of CONSTRUCT and DESCRIBE queries: name → media type.
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
# other media types clients send, and short names accepted in a `format` parameter
_SELECT_ALIASES = {"application/json": "json", "text/javascript": "json", "application/javascript": "json",
                   "application/xml": "xml", "text/xml": "xml", "text/plain": "tsv"}
_GRAPH_ALIASES = {"application/x-turtle": "turtle", "text/plain": "ntriples", "application/xml": "rdfxml",
                  "text/xml": "rdfxml", "application/json": "jsonld", "ttl": "turtle", "nt": "ntriples",
                  "xml": "rdfxml", "json": "jsonld", "json-ld": "jsonld", "n-triples": "ntriples"}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"


def formats_for(kind: str) -> dict[str, str]:
    """The formats a result of ``kind`` ("select", "ask" or "graph") can be written in."""
    return GRAPH_FORMATS if kind == "graph" else SELECT_FORMATS


def format_name(value: str, *, kind: str) -> str | None:
    """The format a short name or media type stands for, for results of ``kind``; None if unknown.

    >>> format_name("text/turtle", kind="graph"), format_name("csv", kind="select"), format_name("csv", kind="graph")
    ('turtle', 'csv', None)
    """
    value = value.strip().lower()
    table = formats_for(kind)
    if value in table:
        return value
    for name, media in table.items():
        if media == value:
            return name
    aliases = _GRAPH_ALIASES if kind == "graph" else _SELECT_ALIASES
    return aliases.get(value)


def negotiate(accept: str | None, *, kind: str) -> str | None:
    """The best format for an HTTP ``Accept`` header; the default (JSON or Turtle) when any will do.

    Returns None when the client accepts none of the formats (the server answers 406).
    """
    table = formats_for(kind)
    default = "turtle" if kind == "graph" else "json"
    if not accept or not accept.strip():
        return default
    choices: list[tuple[float, int, str]] = []
    for order, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, val = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in ("*/*", "*"):
            name: str | None = default
        elif media.endswith("/*"):
            top = media[:-1]
            name = default if table[default].startswith(top) else next(
                (n for n, m in table.items() if m.startswith(top)), None)
        else:
            name = format_name(media, kind=kind)
        if name:
            choices.append((-q, order, name))
    return min(choices)[2] if choices else None


def serialize(result: QueryResult, fmt: str) -> bytes:
    """``result`` written in format ``fmt`` (a name from :data:`SELECT_FORMATS` or :data:`GRAPH_FORMATS`).

    Raises:
        ValueError: ``fmt`` does not fit the kind of result.
    """
    if result.kind == "graph":
        return _graph(result, fmt)
    if fmt not in SELECT_FORMATS:
        raise ValueError(f"format {fmt!r} is for CONSTRUCT/DESCRIBE results; use json, xml, csv or tsv")
    if result.kind == "ask":
        return _ask(bool(result.boolean), fmt)
    return {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt](result)


def _graph(result: QueryResult, fmt: str) -> bytes:
    import pyoxigraph as ox

    from kgraph.ontology import PREFIXES

    rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
           "jsonld": ox.RdfFormat.JSON_LD}
    if fmt not in rdf:
        raise ValueError(f"format {fmt!r} is for SELECT/ASK results; use turtle, ntriples, rdfxml or jsonld")
    triples = [ox.Triple(s, p, o) for s, p, o in result.triples]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    body = ox.serialize(triples, format=rdf[fmt], prefixes=prefixes) or b""
    if fmt != "turtle":
        return body
    # Oxigraph writes the @prefix lines in hash order: sort them, so the same result gives the same bytes
    lines = body.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def _ask(value: bool, fmt: str) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode()
    return f"{word}\n".encode()


def _json_term(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(result: QueryResult) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_text(text: str) -> str:
    # characters XML 1.0 cannot carry at all are replaced, the rest escaped
    clean = "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in text)
    return escape(clean)


def _xml_term(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml(result: QueryResult) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out.extend(f"<variable name={quoteattr(v)}/>" for v in result.variables)
    out.append("</head>\n<results>\n")
    for row in result.rows:
        out.append("<result>")
        out.extend(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                   for v, t in zip(result.variables, row, strict=True) if t is not None)
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_value(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term.value)
    return str(term)


def _csv(result: QueryResult) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([_csv_value(t) for t in row] for row in result.rows)
    return buf.getvalue().encode("utf-8")


def _tsv(result: QueryResult) -> bytes:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in result.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")
