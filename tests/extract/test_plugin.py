"""Language plug-ins: a language made of data alone goes through the same pipeline, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.errors import LanguageDataError
from kgraph.extract.plugin import DataLanguage, LanguagePlugin

#: Zedish sentences (tests/data/toy_language): what the shared components must read from its data alone
ZEDISH = "\n".join([
    "Vorn Gard gruta Sela Konsil.",                  # SVO: the guard attacks the council
    "Sela Konsil nu baka Vorn Gard.",                # negated: no fact
    "Vorn Gard miba gruta Marro Kampa.",             # hedged: no fact
    "Sela Konsil zapa « wi gruta Vorn Gard ».",      # the council speaks; "wi" in its quote is the council
    "Marro Kampa en Ostrel.",                        # the camp is in Ostrel
    "Kolo Arin Tesk baka Sela Konsil.",              # a titled person supports the council
])


def test_plugin_toy_language_is_a_plugin(toy_language: DataLanguage) -> None:
    from kgraph.registry import language, language_codes

    assert isinstance(toy_language, LanguagePlugin) and language("zz") is toy_language
    assert "zz" in language_codes()
    assert toy_language.data.speech_verbs == {"zapa"} and toy_language.lexicon_files()


def test_plugin_toy_language_builds_a_graph(toy_language: DataLanguage, tmp_path: Path) -> None:
    from kgraph.build import build_graph
    from kgraph.query.sparql import run_query

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zedish.txt").write_text(ZEDISH + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build_graph([folder], out=out, lang="zz")
    facts = {(a.subject, a.predicate, a.object) for a in result.corpus.assertions
             if not a.relation.negated and not a.relation.hedged}
    assert facts == {
        ("toy_vorn_guard", "attacks", "toy_sela_council"),
        ("toy_sela_council", "attacks", "toy_vorn_guard"),
        ("toy_marrow_camp", "locatedIn", "toy_ostrel"),
        ("arin_tesk", "supports", "toy_sela_council"),
    }
    flagged = {(a.subject, a.predicate, a.object, a.relation.negated, a.relation.hedged)
               for a in result.corpus.assertions if a.relation.negated or a.relation.hedged}
    assert flagged == {("toy_sela_council", "supports", "toy_vorn_guard", True, False),
                       ("toy_vorn_guard", "attacks", "toy_marrow_camp", False, True)}
    speakers = {(a.subject, a.speaker) for a in result.corpus.assertions if a.speaker}
    assert speakers == {("toy_sela_council", "toy_sela_council")}
    rows = run_query(out, "SELECT ?s WHERE { ?s kg:attacks kga:toy_sela_council }").rows
    assert [str(r[0]).strip("<>").rsplit("/", 1)[-1] for r in rows] == ["toy_vorn_guard"]
    assert result.corpus.actors["arin_tesk"].cls == "Person"


def test_plugin_toy_language_pipeline_is_the_shared_one(toy_language: DataLanguage) -> None:
    from kgraph.extract import load_pipeline
    from kgraph.extract.components import COMPONENTS

    nlp = load_pipeline("zz")
    assert tuple(nlp.pipe_names) == COMPONENTS and nlp.lang == "xx"
    doc = nlp("Vorn Gard gruta Sela Konsil.")
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans["kgraph_mentions"]] == [
        ("Vorn Gard", "ArmedGroup", "toy_vorn_guard"), ("Sela Konsil", "Government", "toy_sela_council")]
    assert [(s.text, s.label_) for s in doc.spans["kgraph_triggers"]] == [("gruta", "attacks")]


@pytest.mark.parametrize(("content", "message"), [
    ('{"words": {"speech_verbz": ["zapa"]}}', "unknown entry words.speech_verbz"),
    ('{"wordz": {}}', "unknown section 'wordz'"),
    ('{"words": {"titles": "kolo"}}', "words.titles must be a list of strings"),
    ('{"words": ', "not valid JSON"),
    ('{"maps": {"capital_governments": {"x": "y"}}}', "unknown entry maps.capital_governments"),
])
def test_plugin_language_data_is_validated(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "language.json").write_text(content, encoding="utf-8")
    with pytest.raises(LanguageDataError, match=message) as err:
        _ = DataLanguage("zz", tmp_path).data
    assert str(tmp_path / "language.json") in str(err.value)
