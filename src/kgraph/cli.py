"""The ``kgraph`` command: thin wrappers over the library.

Exit codes: 0 success; 1 runtime error (nothing could be built, a query failed, or with ``--strict`` any
input was skipped); 2 usage error (bad option, unreadable actor file).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from kgraph._version import __version__
from kgraph.errors import ConfigError, KGraphError


def _err(msg: str) -> None:
    click.echo(msg, err=True)


def _extraction_options(*, for_merge: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--lang, --actors, --lexicon and --quiet: the options shared by `build` and `merge`."""
    said = "the builds used" if for_merge else None
    options = [
        click.option("--lang", metavar="auto|CODE", default=None,
                     help=f"The --lang {said} (default: setting default_lang, auto)." if said
                     else "Language of the inputs: auto (detect per document) or the code of a registered language "
                     "plug-in (ar, en, …); default: setting default_lang, auto."),
        click.option("--actors", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help=f"The --actors files {said}; repeatable." if said
                     else "Extra actor gazetteer (Turtle); repeatable."),
        click.option("--lexicon", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help=f"The --lexicon files {said}; repeatable." if said
                     else "Extra relation triggers (Turtle); repeatable."),
        click.option("--quiet", "-q", is_flag=True, help="No progress on stderr."),
    ]

    def apply(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            func = option(func)
        return func

    return apply


def _progress(quiet: bool) -> Callable[[str], None] | None:
    """Log warnings (skipped files) on stderr, and return the progress printer unless ``quiet``."""
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="kgraph: %(message)s")
    return None if quiet else (lambda msg: _err(f"kgraph: {msg}"))


@contextlib.contextmanager
def _exit_on_error() -> Iterator[None]:
    """Map kgraph's errors to exit codes: 2 for usage and configuration errors, 1 for the rest."""
    try:
        yield
    except ConfigError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(2)
    except KGraphError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(1)



@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgraph")
@click.option("--config", "config", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Settings file to read instead of ./kgraph.toml (or [tool.kgraph] in ./pyproject.toml); "
                   "see `kgraph settings`.")
@click.pass_context
def cli(ctx: click.Context, config: Path | None) -> None:
    """Build knowledge graphs of political actors from Arabic and English news, offline.

    Settings come from the command's options, then KGRAPH_<NAME> environment variables, then the settings
    file, then the defaults (`kgraph settings` shows them).
    """
    from kgraph import settings

    ctx.with_resource(settings.using(config=config))


@cli.command("settings")
def settings_command() -> None:
    """Print every setting, its value and where the value came from (option, environment, file or default)."""
    from kgraph import settings
    from kgraph.query.table import render_table

    with _exit_on_error():
        values = settings.resolve()
        file = settings.config_file()
    rows = [[name, settings.shown(src.value), src.origin] for name, src in values.items()]
    click.echo(render_table(["setting", "value", "from"], rows))
    if file is None:
        _err(f"kgraph: no settings file ({settings.CONFIG_FILE} or [tool.kgraph] in pyproject.toml) in "
             f"{Path.cwd()}")
    else:
        _err(f"kgraph: settings file {file}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("outputs/graph"), show_default=True,
              help="Output folder.")
@_extraction_options(for_merge=False)
@click.option("--strict", is_flag=True, help="Exit 1 if any input was skipped.")
@click.option("--update", is_flag=True,
              help="Add PATHS to the build already in --out: only new or changed documents are extracted; "
                   "earlier inputs are kept (dropped if deleted). Same graph as a full build over all inputs.")
@click.option("--spacy-model", "spacy_model", metavar="NAME",
              help="Installed English spaCy pipeline (name or path) whose NER adds actors (optional).")
@click.option("--follow-symlinks", is_flag=True,
              help="Follow symlinks that lead out of the named folders (default: reported and not read).")
@click.option("--force", is_flag=True,
              help="Write the outputs even if no document could be read (an empty graph replaces the one in "
                   "--out). Without it such a build leaves --out untouched.")
@click.option("--workers", "-w", type=click.IntRange(min=0), default=None, metavar="N",
              help="Processes that extract the documents (default: setting workers, 0: one per available core; 1: "
                   "this process only). The outputs are the same whatever N.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract on a running dask.distributed cluster (tcp://HOST:8786; 'local': a local Dask cluster "
                   "of --workers processes). Needs pip install 'kgraph[dask]'.")
def build(paths: tuple[Path, ...], out: Path, lang: str | None, actors: tuple[Path, ...], lexicon: tuple[Path, ...],
          strict: bool, quiet: bool, update: bool, spacy_model: str | None = None, follow_symlinks: bool = False,
          force: bool = False, workers: int | None = None, scheduler: str | None = None) -> None:
    """Build the graph of the articles in PATHS (files or folders: .txt .md .html .htm .jsonl).

    Writes graph.ttl, graph.trig, graph.nq, graph.jsonld, graph.graphml, edges.csv, graph.html,
    report.json and manifest.json into --out, and the extraction cache that --update and `kgraph merge`
    use into --out/.kgraph/. A build that reads no document leaves --out as it was (unless --force).
    """
    from kgraph.build import build_graph

    with _exit_on_error():
        result = build_graph(list(paths), out=out, lang=lang, actors=list(actors), lexicons=list(lexicon),
                             progress=_progress(quiet), update=update, spacy_model=spacy_model,
                             follow_symlinks=follow_symlinks, force=force, workers=workers, scheduler=scheduler)
    rep = result.report
    written = rep.get("output", {}).get("written", True)
    if rep["documents"]["read"] == 0:
        _err(f"kgraph: error: no document could be read: {_why_nothing(rep, paths)}")
        if written:
            _err(f"kgraph: wrote an empty graph into {out} (--force)")
        else:
            _err(f"kgraph: {out} was left as it was (--force would replace it with an empty graph)")
        sys.exit(1)
    if not quiet:
        _err(f"kgraph: wrote {out}/graph.ttl ({rep['relations']['facts']} facts) and {out}/graph.html")
    if strict and rep["documents"]["skipped"]:
        _err(f"kgraph: error: {rep['documents']['skipped']} input(s) skipped and --strict is set")
        sys.exit(1)


def _why_nothing(report: Any, paths: tuple[Path, ...]) -> str:
    """Why a build read no document, from its report: skipped inputs, or files of other types, or nothing."""
    from kgraph import settings

    skipped = report["skipped"]
    if skipped:
        codes = sorted({s["code"] for s in skipped})
        return (f"{len(skipped)} input(s) skipped ({', '.join(codes)}), each listed above with its reason and a "
                "fix")
    other = [w for w in report["warnings"] if w.endswith("(W108)")]
    if other:
        return "the folders hold only files of types kgraph does not read (" + "; ".join(other) + ")"
    names = ", ".join(str(p) for p in paths)
    return f"no input file found in {names} (kgraph reads {', '.join(settings.get('input_suffixes'))})"


@cli.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), required=True, help="Output folder of the merge.")
@_extraction_options(for_merge=True)
def merge(folders: tuple[Path, ...], out: Path, lang: str | None, actors: tuple[Path, ...], lexicon: tuple[Path, ...],
          quiet: bool) -> None:
    """Merge the output FOLDERS of separate builds into --out (the graph of one build over all their inputs).

    Each folder must come from `kgraph build --out` (it keeps its extractions in FOLDER/.kgraph/); no input
    file is read again, and no document is extracted again.
    """
    from kgraph.build import merge_outputs

    with _exit_on_error():
        result = merge_outputs(list(folders), out=out, lang=lang, actors=list(actors), lexicons=list(lexicon),
                               progress=_progress(quiet))
    if not quiet:
        _err(f"kgraph: merged {len(folders)} builds into {out}/graph.ttl "
             f"({result.report['relations']['facts']} facts)")


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path), required=False)
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a file.")
@click.option("--example", "-e", "example", metavar="NAME", help="Run a shipped example query (see --examples).")
@click.option("--examples", "list_examples", is_flag=True, help="List the shipped example queries and exit.")
@click.option("--bind", "-b", "binds", multiple=True, metavar="VAR=VALUE",
              help="Give a variable a value before the query runs: actor=kga:isis, n=3, label='\"ISIS\"@en'. "
                   "Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle"]),
              default="table", show_default=True,
              help="SELECT/ASK: table, or the W3C results formats csv, tsv, json, xml. CONSTRUCT/DESCRIBE: Turtle "
                   "(table, turtle), JSON-LD (json) or RDF/XML (xml).")
@click.option("--max-rows", type=click.IntRange(min=0), default=None,
              help="Keep at most this many rows (default: setting query_max_rows, 10000).")
def query(graph: Path | None, sparql: str | None, query_file: Path | None, example: str | None,
          list_examples: bool, binds: tuple[str, ...], fmt: str, max_rows: int | None) -> None:
    """Run a SPARQL query over GRAPH (an output folder or a .ttl/.trig file).

    Prefixes kg:, kga:, kgd:, kgx:, rdf:, rdfs:, owl:, xsd:, skos:, prov:, dcterms: are predeclared. The first
    query over an output folder keeps an Oxigraph store in GRAPH/.store, so later queries start fast.
    Updates and SERVICE are refused.
    """
    from kgraph import settings
    from kgraph.query.examples import get_example
    from kgraph.query.examples import list_examples as shipped
    from kgraph.query.results import serialize
    from kgraph.query.sparql import run_query, term_text
    from kgraph.query.table import render_table

    if list_examples:
        for ex in shipped():
            click.echo(f"{ex.name:28} {ex.title}")
            click.echo(f"{'':28} {ex.description}")
        return
    if graph is None:
        raise click.UsageError("give GRAPH (an output folder or a graph file), or --examples")
    given = [x for x in (sparql, query_file, example) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of: a query, --file Q.rq, --example NAME")
    bindings = {}
    for bind in binds:
        name, eq, value = bind.partition("=")
        if not eq or not name.strip():
            raise click.UsageError(f"--bind {bind!r}: write VAR=VALUE, e.g. actor=kga:isis")
        bindings[name.strip()] = value
    try:
        if query_file is not None:
            sparql = query_file.read_text(encoding="utf-8")
        elif example is not None:
            sparql = get_example(example).text
        with settings.using(options={"query_max_rows": max_rows}):
            limit = settings.source("query_max_rows")
        with _interruptible():
            rows = limit.value if isinstance(limit.value, int) else None
            res = run_query(graph, sparql or "", max_rows=rows, bindings=bindings or None,
                            progress=lambda msg: _err(f"kgraph: {msg}"))
        if res.kind == "graph":
            name = {"json": "jsonld", "xml": "rdfxml"}.get(fmt, "turtle")
            if fmt in ("csv", "tsv"):
                raise click.UsageError("CSV/TSV are for SELECT results; use --format turtle, json or xml")
            click.echo(serialize(res, name).decode("utf-8"), nl=False)
        elif fmt == "turtle":
            raise click.UsageError("Turtle is for CONSTRUCT/DESCRIBE results; use table, csv, tsv, json or xml")
        elif fmt != "table":
            click.echo(serialize(res, fmt).decode("utf-8"), nl=False)
        elif res.kind == "ask":
            click.echo("true" if res.boolean else "false")
        else:
            click.echo(render_table(res.variables, [[term_text(v) for v in row] for row in res.rows]))
    except ConfigError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(2)
    except KGraphError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(1)
    except OSError as exc:
        _err(f"kgraph: error: cannot read the query: {exc}")
        sys.exit(1)
    if res.truncated:
        _err(f"kgraph: only the first {limit.value} rows are shown (query_max_rows from {limit.origin}); "
             f"to see more, give {settings.how_to_set('query_max_rows')}")


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Let Ctrl-C end the process at once while a query runs.

    Oxigraph does not return to Python while a query runs, so Python's own Ctrl-C handling would wait for the
    query to finish; the store is read-only, so ending the process loses nothing.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@cli.command()
@click.argument("output_dir", type=click.Path(exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind. Anything but 127.0.0.1/localhost exposes the graph to other machines.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port (0: any free).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop a query after this many seconds (default: setting query_timeout, 10).")
@click.option("--max-rows", type=click.IntRange(min=0), default=None,
              help="Most rows one answer returns (default: setting query_max_rows, 10000).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes: queries that can run at the same time.")
@click.option("--max-memory", type=click.IntRange(min=64), default=4096, show_default=True, metavar="MB",
              help="Most memory one worker may use; a query needing more is stopped.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (the bound host and, on loopback, localhost are "
                   "always answered; '*': any). Repeatable.")
def serve(output_dir: Path, host: str, port: int, timeout: float | None, max_rows: int | None, workers: int,
          max_memory: int, allow_hosts: tuple[str, ...]) -> None:
    """Serve OUTPUT_DIR as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Updates get 403, SERVICE is refused, FROM names graphs of the store (nothing is fetched), each query is
    stopped at --timeout and answers are cut at --max-rows. The server answers from the graph the folder held
    when it started, whatever is rebuilt into it, until it gets SIGHUP (kill -HUP PID), which makes it switch to
    the folder's current graph. Stop the server with Ctrl-C.
    """
    import signal
    import threading

    from kgraph.query.server import make_server

    try:
        server = make_server(output_dir, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
                             max_memory=max_memory * 1024**2, allow_hosts=allow_hosts)
    except KGraphError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(1)
    except OSError as exc:
        _err(f"kgraph: error: cannot listen on {host}:{port}: {exc.strerror or exc}\n  fix: choose another --port "
             "or --host")
        sys.exit(1)
    if host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"kgraph: warning: listening on {host}: other machines can query this graph")
    _err(f"kgraph: SPARQL endpoint at {server.url}sparql, query page at {server.url} (Ctrl-C to stop)")

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    def reload() -> None:
        try:
            server.reload()
            _err(f"kgraph: reloaded {output_dir} (generation {server.runner.generation})")
        except KGraphError as exc:
            _err(f"kgraph: error: reload failed, still serving the previous graph: {exc}")

    signal.signal(signal.SIGTERM, stop)  # a plain `kill` also ends the worker processes
    signal.signal(signal.SIGHUP, lambda signum, frame: threading.Thread(target=reload, daemon=True).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.argument("output_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--store", required=True, metavar="URL",
              help="The store's SPARQL 1.1 Graph Store endpoint, e.g. http://127.0.0.1:7878/store (oxigraph serve); "
                   "credentials, if any, as http://USER:PASSWORD@HOST/...")
@click.option("--graph", "graph", metavar="IRI",
              help="The graph that receives the union of all graphs (what `kgraph query` sees by default); "
                   "default: the store's default graph.")
@click.option("--replace", is_flag=True,
              help="Replace that graph instead of adding to it, and delete the graphs an earlier push of this "
                   "folder sent that this build no longer has.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def push(output_dir: Path, store: str, graph: str | None, replace: bool, quiet: bool) -> None:
    """Send the graph of OUTPUT_DIR into a SPARQL store (SPARQL 1.1 Graph Store HTTP Protocol).

    One named graph per document plus the actors and facts graphs, each replaced under its own IRI, and their
    union into the default graph (or --graph). Sent in batches (setting push_batch_quads) with retries; a
    push that was stopped resumes where it stopped when run again (record in OUTPUT_DIR/.kgraph/push.json).
    """
    from kgraph.push import push_output

    with _exit_on_error():
        report = push_output(output_dir, store=store, graph=graph, replace=replace, progress=_progress(quiet))
    if not quiet:
        resumed = f", resumed after batch {report['resumed_at']}" if report["resumed_at"] else ""
        deleted = f", {report['deleted']} stale graphs deleted" if report["deleted"] else ""
        _err(f"kgraph: pushed {report['graphs']} graphs and their union ({report['quads']} quads, "
             f"{report['batches']} batches{resumed}{deleted}) to {report['store']} in {report['seconds']:.1f} s")


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML page to write.")
@click.option("--query", "sparql", help="SPARQL CONSTRUCT (draw its triples) or SELECT (draw the actors it names "
              "and the facts among them).")
@click.option("--query-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the --query from a file.")
@click.option("--title", default=None, help="Page title (default: the graph's name).")
def viz(graph: Path, out: Path, sparql: str | None, query_file: Path | None, title: str | None) -> None:
    """Write the interactive HTML explorer of GRAPH (an output folder or a .ttl/.trig/.nq file).

    With --query, only the part of the graph the query picks is drawn.
    """
    from kgraph.atomic import write_text
    from kgraph.query.sparql import open_store
    from kgraph.render import render_html
    from kgraph.render.rdf import data_from_store, select

    if query_file is not None:
        sparql = query_file.read_text(encoding="utf-8")
    try:
        store = open_store(graph)
        data = data_from_store(store)
        if sparql:
            data = select(data, store, sparql)
        page = render_html(data, title=title or graph.resolve().name)
        write_text(out, page)
    except KGraphError as exc:
        _err(f"kgraph: error: {exc}")
        sys.exit(1)
    except OSError as exc:
        _err(f"kgraph: error: cannot write {out}: {exc.strerror}\n  fix: check the path and permissions")
        sys.exit(1)
    _err(f"kgraph: wrote {out} ({len(data.nodes)} actors, {len(data.edges)} relations)")



@cli.command("train")
@click.option("--lang", type=click.Choice(["ar", "en"]), required=True, help="The language whose model to train.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model folder to write (default: the shipped src/kgraph/models/mentions-LANG).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seeds the training and the train/dev split.")
@click.option("--dev-fraction", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.2,
              show_default=True, help="Share of the documents held out to score the model.")
@click.option("--folds", type=click.IntRange(min=0), default=0, show_default=True,
              help="Also cross-validate over all selected documents with this many folds (one extra training "
                   "each; 0: no) and record the figures.")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="The annotated corpus (default: corpus/ of this checkout).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A spaCy training config instead of the shipped kgraph/train/configs/ner-LANG.cfg.")
@click.option("--check", is_flag=True,
              help="Train nothing: compare the model with the corpus and config, list the annotated files it "
                   "was not trained on, and exit 1 if it no longer matches what it declares.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def train_command(lang: str, out: Path | None, seed: int, dev_fraction: float, folds: int, corpus_dir: Path | None,
                  config: Path | None, check: bool, quiet: bool) -> None:
    """Train the mention model of --lang on the annotated corpus, score it and write it with its record.

    Only annotation files that may train are used: train-* and heldout-* files, and documents of opened
    batches (never a closed or sealed batch of corpus/batches.json). The same corpus, config and seed give
    the same model and scores. Details: docs/training.md.
    """
    from kgraph.train import check_model, train
    from kgraph.train.corpus import default_corpus_dir
    from kgraph.train.trainer import scores_table

    with _exit_on_error():
        corpus = corpus_dir or default_corpus_dir()
        if check:
            state = check_model(lang, corpus_dir=corpus, model=out)
            for problem in state.problems():
                click.echo(f"{'stale' if state.present else 'missing'}: {problem}")
            for warning in state.warnings():
                click.echo(f"warning: {warning}")
            for name in state.pending:
                click.echo(f"not yet in the model: {name}")
            for left in state.excluded:
                click.echo(f"left out: {left.path.name} ({left.reason})")
            verdict = ("matches its declared data and config" if state.up_to_date
                       else "does NOT match" if state.present else "does not exist")
            _err(f"kgraph: {lang} mention model {verdict}; {len(state.pending)} annotated file(s) not yet in it")
            if not state.up_to_date and (state.present or state.pending):
                sys.exit(1)
            return
        if folds == 1:
            raise click.UsageError("--folds takes 0 (no cross-validation) or 2 and more")
        result = train(lang, corpus_dir=corpus, out=out, seed=seed, dev_fraction=dev_fraction, folds=folds,
                       config=config, progress=None if quiet else (lambda msg: _err(f"kgraph: {msg}")))
    click.echo(f"dev split ({sum(1 for f in result.record['files'] if f['split'] == 'dev')} documents):")
    click.echo(scores_table(result.dev))
    if result.cross_validated is not None:
        click.echo(f"\n{folds}-fold cross-validation over all {len(result.record['files'])} documents:")
        click.echo(scores_table(result.cross_validated))


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``kgraph`` console script."""
    return cli.main(args=argv, prog_name="kgraph")
