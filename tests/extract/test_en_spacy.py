"""``--spacy-model``: a user's English spaCy pipeline adds its entities (a stub pipeline built in the test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import cli
from kgraph.errors import ConfigError
from kgraph.extract import Extractor
from kgraph.ingest import make_document
from kgraph.resolve import Resolver

TEXT = "Zorvan Kettle met officials of the Harrow Relief Trust in Ostmark. The Coalition supports Harrow Relief Trust."


def _stub_pipeline(folder: Path) -> Path:
    """A blank English pipeline whose entity_ruler knows three invented names, saved to disk."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([  # type: ignore[attr-defined]
        {"label": "PERSON", "pattern": "Zorvan Kettle"},
        {"label": "ORG", "pattern": "Harrow Relief Trust"},
        {"label": "GPE", "pattern": "Ostmark"},
    ])
    path = folder / "stub_en"
    nlp.to_disk(path)
    return path


@pytest.mark.parametrize(
    ("actor", "cls"),
    [("zorvan_kettle", "Person"), ("harrow_relief_trust", "Organization"), ("ostmark", "Place")],
)
def test_en_spacy_model_adds_entities(tmp_path: Path, actor: str, cls: str) -> None:
    model = _stub_pipeline(tmp_path)
    ex = Extractor(spacy_model=str(model))
    doc = make_document(TEXT, source="t", lang="en")
    res = Resolver(ex.gazetteer)
    found = {res.actor_id(m): m.cls for m in ex.extract(doc).mentions}
    assert found.get(actor) == cls, found
    # without the pipeline the rules alone do not know the invented person
    plain = {res.actor_id(m) for m in Extractor().extract(doc).mentions}
    assert "zorvan_kettle" not in plain


def test_en_spacy_model_entities_take_part_in_relations(tmp_path: Path) -> None:
    ex = Extractor(spacy_model=str(_stub_pipeline(tmp_path)))
    doc = make_document(TEXT, source="t", lang="en")
    res = Resolver(ex.gazetteer)
    triples = {(a.subject, a.predicate, a.object) for a in res.add(ex.extract(doc))}
    assert ("coalition", "supports", "harrow_relief_trust") in triples


@pytest.mark.parametrize("name", ["no_such_pipeline_xyz", "blank-without-ner"])
def test_en_spacy_model_missing_is_a_usage_error(tmp_path: Path, name: str) -> None:
    if name == "blank-without-ner":
        import spacy

        spacy.blank("en").to_disk(tmp_path / name)
        name = str(tmp_path / name)
    with pytest.raises(ConfigError):
        Extractor(spacy_model=name).extract(make_document(TEXT, source="t", lang="en"))
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(src), "--out", str(tmp_path / "out"), "--quiet",
                                      "--spacy-model", name])
    assert result.exit_code == 2, result.output


def test_en_spacy_model_cli_build(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(src), "--out", str(out), "--quiet", "--lang", "en",
                                      "--spacy-model", str(_stub_pipeline(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "Zorvan Kettle" in (out / "graph.ttl").read_text(encoding="utf-8")
