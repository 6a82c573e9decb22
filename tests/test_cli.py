"""End to end: `kgraph build` on the example articles, then queries, formats, SHACL, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kgraph.cli import cli
from kgraph.ontology import ontology_file, shapes_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def ask(out: Path, query: str) -> bool:
    from kgraph.query.sparql import run_query

    res = run_query(out, query)
    return bool(res.boolean)


@pytest.mark.parametrize(
    "fact",
    [
        "kga:coalition kg:supports kga:iraqi_security_forces",
        "kga:coalition kg:leads kga:cjtf_oir",
        "kga:isis kg:threatens kga:al_hol_camp",
        "kga:centcom kg:supports kga:sdf",
        "kga:sdf kg:detains kga:isis",
        "kga:united_states kg:leads kga:coalition",
        "kga:daniel_whitcombe kg:leads kga:cjtf_oir",
    ],
)
def test_cli_build_example_has_fact(example_out: Path, fact: str) -> None:
    assert ask(example_out, f"ASK {{ {fact} }}")


def test_cli_build_example_has_relations_of_several_kinds(example_out: Path) -> None:
    from kgraph.query.sparql import run_query

    res = run_query(example_out, """
        SELECT (COUNT(DISTINCT ?core) AS ?n) WHERE {
          ?s ?p ?o . ?p rdfs:subPropertyOf* ?core .
          VALUES ?core { kg:supports kg:opposes kg:threatens kg:meets kg:participatesIn kg:memberOf kg:leads
                         kg:locatedIn kg:requests kg:controls } }""")
    assert int(res.rows[0][0].value) >= 6


def test_cli_build_example_provenance(example_out: Path) -> None:
    assert ask(example_out, """ASK { ?a a kg:Assertion ; rdf:subject kga:coalition ; rdf:predicate kg:supports ;
        rdf:object kga:iraqi_security_forces ; kg:evidence ?e ; prov:wasDerivedFrom ?d ; kg:assertedBy ?who .
        ?d a kg:Document ; dcterms:source ?src . FILTER(CONTAINS(?src, "ar-coalition-training")) }""")


def test_cli_build_example_negated_assertion_has_no_fact(example_out: Path) -> None:
    assert ask(example_out, "ASK { ?a kg:negated true ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }")
    assert not ask(example_out, """ASK { ?a kg:negated true ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        ?s ?p ?o . FILTER NOT EXISTS { ?b rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:negated false ;
        kg:hedged false } }""")


def test_cli_build_example_labels_in_both_languages(example_out: Path) -> None:
    assert ask(example_out, 'ASK { kga:isis rdfs:label "داعش"@ar, "ISIS"@en }')


def test_cli_build_outputs_parse_and_agree(example_out: Path) -> None:
    ttl = Graph().parse(example_out / "graph.ttl", format="turtle")
    trig = Dataset()
    trig.parse(example_out / "graph.trig", format="trig")
    nq = Dataset()
    nq.parse(example_out / "graph.nq", format="nquads")
    jsonld = Graph().parse(example_out / "graph.jsonld", format="json-ld")
    union = Graph()
    for s, p, o, _ in trig.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(ttl, union)
    assert isomorphic(ttl, jsonld)
    assert len(list(nq.quads((None, None, None, None)))) == len(list(trig.quads((None, None, None, None))))
    docs = {str(g.identifier) for g in trig.graphs() if str(g.identifier).startswith("https://w3id.org/kgraph/doc/")}
    assert len(docs) == 6
    g = nx.read_graphml(example_out / "graph.graphml")
    assert g.nodes["isis"]["type"] == "ArmedGroup"
    report = json.loads((example_out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"]["read"] == 6 and report["relations"]["facts"] > 10
    manifest = json.loads((example_out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) >= {"graph.ttl", "graph.html", "report.json"}


def test_cli_build_no_blank_nodes_and_safe_iris(example_out: Path) -> None:
    from rdflib import BNode

    ttl = Graph().parse(example_out / "graph.ttl", format="turtle")
    for triple in ttl:
        for term in triple:
            assert not isinstance(term, BNode)
            if isinstance(term, URIRef):
                assert " " not in str(term)


def test_cli_build_passes_shacl_shapes(example_out: Path) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    data = Graph().parse(example_out / "graph.ttl", format="turtle")
    shapes = Graph().parse(shapes_file(), format="turtle")
    onto = Graph().parse(ontology_file(), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=onto, inference="rdfs")
    assert conforms, text


def test_cli_build_is_byte_identical_across_runs(tmp_path: Path, example_out: Path) -> None:
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "kgraph", "build", str(EXAMPLES), "--out", str(out), "--quiet"],
                   check=True, env=env)
    for name in ("graph.ttl", "graph.trig", "graph.nq", "edges.csv"):
        assert (out / name).read_bytes() == (example_out / name).read_bytes(), name


def test_cli_build_bad_files_are_skipped_not_fatal(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = articles({"ok.txt": "The Coalition supports the SDF.", "bad.txt": b"\x00\x01" * 64, "empty.md": ""})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == {**report["documents"], "read": 1, "skipped": 2}
    strict = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--quiet", "--strict"])
    assert strict.exit_code == 1


def test_cli_build_nothing_readable_exits_1(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = articles({"empty.txt": ""})
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 1


def test_cli_build_bad_actor_file_is_a_usage_error(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = articles({"ok.txt": "The Coalition supports the SDF.", "bad.ttl": "this is not turtle ."})
    result = CliRunner().invoke(cli, ["build", str(folder / "ok.txt"), "--actors", str(folder / "bad.ttl"),
                                      "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 2
    assert "bad.ttl" in result.output


def test_cli_build_user_actor_file_adds_an_actor(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = articles({
        "ok.txt": "The Coalition supports the Zarqa Brigade.",
        "mine.ttl": "@prefix kg: <https://w3id.org/kgraph/ns#> . @prefix kga: <https://w3id.org/kgraph/actor/> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    'kga:zarqa_brigade a kg:ArmedGroup ; rdfs:label "Zarqa Brigade"@en .\n',
    })
    out = tmp_path / "o"
    result = CliRunner().invoke(cli, ["build", str(folder / "ok.txt"), "--actors", str(folder / "mine.ttl"),
                                      "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert ask(out, "ASK { kga:coalition kg:supports kga:zarqa_brigade . kga:zarqa_brigade a kg:ArmedGroup }")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_query_formats(example_out: Path, fmt: str) -> None:
    q = "SELECT ?label WHERE { kga:isis rdfs:label ?label } ORDER BY ?label"
    result = CliRunner().invoke(cli, ["query", str(example_out), q, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "داعش" in result.output and "ISIS" in result.output


def test_cli_query_syntax_error_exits_1(example_out: Path) -> None:
    result = CliRunner().invoke(cli, ["query", str(example_out), "SELEKT nothing"])
    assert result.exit_code == 1
    assert "syntax" in result.output.lower()


# ---------------------------------------------------------------- issue 13: a build that reads nothing


def _folder_state(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (following the generation links), by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


@pytest.mark.parametrize("inputs", ["typo", "empty-folder", "unreadable-files", "pdfs"])
def test_cli_build_issue13_nothing_read_leaves_the_output_folder(articles, tmp_path: Path, inputs: str) -> None:  # type: ignore[no-untyped-def]
    from kgraph.atomic import check_outputs

    out = tmp_path / "out"
    good = articles({"ok.txt": "The Coalition supports the SDF."})
    assert CliRunner().invoke(cli, ["build", str(good), "--out", str(out), "--quiet"]).exit_code == 0
    before = _folder_state(out)
    if inputs == "typo":  # refused before anything is read (a usage error)
        path, why = tmp_path / "textz", "no such file or folder"
    elif inputs == "empty-folder":
        path, why = tmp_path / "nothing", "no input file found in"
        path.mkdir()
    elif inputs == "unreadable-files":
        path, why = tmp_path / "bad", "2 input(s) skipped (E101, E102)"
        path.mkdir()
        (path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
        (path / "b.txt").write_bytes(b"")
    else:
        path, why = tmp_path / "pdfs", "only files of types kgraph does not read"
        path.mkdir()
        (path / "a.pdf").write_bytes(b"%PDF-1.7 ...")
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(out)])
    assert result.exit_code == (2 if inputs == "typo" else 1)
    assert why in result.stderr and (inputs == "typo" or f"{out} was left as it was" in result.stderr)
    if inputs == "pdfs":
        assert "pdftotext" in result.stderr
    assert _folder_state(out) == before
    check_outputs(out)
    if inputs != "typo":
        forced = CliRunner().invoke(cli, ["build", str(path), "--out", str(out), "--force"])
        assert forced.exit_code == 1 and "wrote an empty graph" in forced.stderr
        assert json.loads((out / "report.json").read_text(encoding="utf-8"))["documents"]["read"] == 0


def test_cli_viz_issue13_page_mode_follows_the_umask(example_out: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        page = tmp_path / "page.html"
        assert CliRunner().invoke(cli, ["viz", str(example_out), "--out", str(page)]).exit_code == 0
        assert page.stat().st_mode & 0o777 == 0o644
        page.chmod(0o640)  # a page written again keeps the mode it was given
        assert CliRunner().invoke(cli, ["viz", str(example_out), "--out", str(page)]).exit_code == 0
        assert page.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


@pytest.mark.parametrize("command", ["build", "merge"])
def test_cli_unknown_language_is_a_usage_error(articles, tmp_path: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    folder = articles({"a.txt": "ISIS attacked the SDF."})
    args = ["build", str(folder), "--out", str(tmp_path / "out")] if command == "build" else \
        ["merge", "--out", str(tmp_path / "merged"), str(folder)]
    result = CliRunner().invoke(cli, [*args, "--lang", "xx", "--quiet"])
    assert result.exit_code == 2, result.output
    assert "no language plug-in for 'xx'; registered: ar, en" in result.output


def test_cli_document_without_language_plugin_is_skipped(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = [{"text": "Le Coalition soutient les forces irakiennes.", "lang": "fr"},
             {"text": "The Coalition supports the Iraqi Security Forces.", "lang": "en"}]
    folder = articles({"news.jsonl": "\n".join(json.dumps(x) for x in lines) + "\n"})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"]["read"] == 1
    (skip,) = report["skipped"]
    assert skip["code"] == "E110" and "'fr' has no plug-in" in skip["reason"] and "registered: ar, en" in skip["reason"]
    assert ask(out, "ASK { kga:coalition kg:supports kga:iraqi_security_forces }")
