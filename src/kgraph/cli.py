"""The ``kgraph`` command: thin wrappers over the library.

Exit codes: 0 success; 1 runtime error (nothing could be built, a query failed, or with ``--strict`` any
input was skipped); 2 usage error (bad option, unreadable actor file).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from kgraph import __version__
from kgraph.errors import ConfigError, KGraphError


def _err(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgraph")
def cli() -> None:
    """Build knowledge graphs of political actors from Arabic and English news, offline."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("outputs/graph"), show_default=True,
              help="Output folder.")
@click.option("--lang", type=click.Choice(["auto", "ar", "en"]), default="auto", show_default=True,
              help="Language of the inputs (auto: detect per document).")
@click.option("--actors", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actor gazetteer (Turtle); repeatable.")
@click.option("--lexicon", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra relation triggers (Turtle); repeatable.")
@click.option("--strict", is_flag=True, help="Exit 1 if any input was skipped.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
@click.option("--spacy-model", "spacy_model", metavar="NAME",
              help="Installed English spaCy pipeline (name or path) whose NER adds actors (optional).")
def build(paths: tuple[Path, ...], out: Path, lang: str, actors: tuple[Path, ...], lexicon: tuple[Path, ...],
          strict: bool, quiet: bool, spacy_model: str | None = None) -> None:
    """Build the graph of the articles in PATHS (files or folders: .txt .md .html .htm .jsonl).

    Writes graph.ttl, graph.trig, graph.nq, graph.jsonld, graph.graphml, edges.csv, graph.html,
    report.json and manifest.json into --out.
    """
    from kgraph.build import build_graph

    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="kgraph: %(message)s")
    progress = None if quiet else (lambda msg: _err(f"kgraph: {msg}"))
    try:
        result = build_graph(list(paths), out=out, lang=lang, actors=list(actors), lexicons=list(lexicon),
                             progress=progress, spacy_model=spacy_model)
    except ConfigError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(2)
    except KGraphError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(1)
    rep = result.report
    if not quiet:
        _err(f"kgraph: wrote {out}/graph.ttl ({rep['relations']['facts']} facts) and {out}/graph.html")
    if rep["documents"]["read"] == 0:
        _err("kgraph: error: no document could be read (see the skipped list above or in report.json)")
        sys.exit(1)
    if strict and rep["documents"]["skipped"]:
        _err(f"kgraph: error: {rep['documents']['skipped']} input(s) skipped and --strict is set")
        sys.exit(1)


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle"]), default="table",
              show_default=True)
def query(graph: Path, sparql: str | None, query_file: Path | None, fmt: str) -> None:
    """Run a SPARQL query over GRAPH (an output folder or a .ttl/.trig file).

    Prefixes kg:, kga:, kgd:, kgx:, rdf:, rdfs:, owl:, xsd:, skos:, prov:, dcterms: are predeclared.
    """
    from kgraph.query.sparql import run_query, term_text

    if query_file is not None:
        sparql = query_file.read_text(encoding="utf-8")
    if not sparql:
        raise click.UsageError("give a query, or --file Q.rq")
    try:
        res = run_query(graph, sparql)
    except KGraphError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(1)
    if res.kind == "ask":
        click.echo("true" if res.boolean else "false")
        return
    if res.kind == "graph":
        for s, p, o in res.triples:
            click.echo(f"{s} {p} {o} .")
        return
    rows = [[term_text(v) for v in row] for row in res.rows]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(res.variables, r, strict=True)) for r in rows], ensure_ascii=False, indent=1))
    elif fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(res.variables)
        w.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(_table(res.variables, rows))


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    cells = [header, *rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]

    def line(r: list[str]) -> str:
        # each cell is isolated (FSI … PDI) so Arabic text does not reorder the columns around it
        return " | ".join("\u2068" + c + "\u2069" + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True))

    sep = "-+-".join("-" * w for w in widths)
    return "\n".join([line(header), sep, *(line(r) for r in rows), f"({len(rows)} rows)"])


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``kgraph`` console script."""
    return cli.main(args=argv, prog_name="kgraph")
