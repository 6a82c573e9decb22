"""The pipeline's components: what they leave on the Doc, in kgraph's pipelines and in a user's own."""

from __future__ import annotations

import pytest

from kgraph.extract import load_pipeline
from kgraph.extract.components import COMPONENTS
from kgraph.ingest.normalize import fold


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_components_pipeline_of_each_language(lang: str) -> None:
    nlp = load_pipeline(lang)
    # a language that ships a trained mention model runs it in the slot after the gazetteer
    assert tuple(n for n in nlp.pipe_names if n != "kgraph_mention_model") == COMPONENTS and nlp.lang == lang
    if "kgraph_mention_model" in nlp.pipe_names:
        assert nlp.pipe_names.index("kgraph_mention_model") == nlp.pipe_names.index("kgraph_gazetteer") + 1


@pytest.mark.parametrize(("lang", "text", "mentions", "triggers", "relation"), [
    ("en", "ISIS attacked the Syrian Democratic Forces.",
     [("ISIS", "ArmedGroup", "isis"), ("Syrian Democratic Forces", "Military", "sdf")],
     [("attacked", "attacks")], ("isis", "attacks", "sdf")),
    ("ar", "وهاجم تنظيم داعش قوات سوريا الديمقراطية.",
     [("تنظيم داعش", "ArmedGroup", "isis"), ("قوات سوريا الديمقراطية", "Military", "sdf")],
     [("وهاجم", "attacks")], ("isis", "attacks", "sdf")),
])
def test_components_leave_spans_and_relations(lang: str, text: str, mentions: list[tuple[str, str, str]],
                                              triggers: list[tuple[str, str]],
                                              relation: tuple[str, str, str]) -> None:
    doc = load_pipeline(lang)(text)
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans["kgraph_mentions"]] == mentions
    assert [(s.text, s.label_) for s in doc.spans["kgraph_triggers"]] == triggers
    assert [s.text for s in doc.spans["kgraph_sentences"]] == [text]
    assert [(m.key, m.cls) for m in doc._.kgraph_mentions] == [(k, c) for _, c, k in mentions]
    assert [(r.subject.key, r.predicate, r.object.key) for r in doc._.kgraph_relations] == [relation]
    assert all(r.evidence == text and not r.negated for r in doc._.kgraph_relations)


@pytest.mark.parametrize(("lang", "text"), [("en", "They didn't say ISIS's fighters were in the U.S. today."),
                                            ("ar", "أعلنت الإدارةُ الأمريكيّة دعمها لقوّات «سوريا الديمقراطية».")])
def test_components_norm_is_the_folded_form(lang: str, text: str) -> None:
    doc = load_pipeline(lang)(text)
    assert [t.norm_ for t in doc] == [fold(t.text) for t in doc]


def test_components_in_a_users_own_pipeline() -> None:
    """docs/extraction.md: kgraph's components after a user's entity_ruler, which they leave alone."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Harrow Relief Trust"}])  # type: ignore[attr-defined]
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"lang": "en"})
    doc = nlp("The Coalition supports Harrow Relief Trust.")
    assert [(r.subject.name, r.predicate, r.object.name) for r in doc._.kgraph_relations] == [
        ("The Coalition", "supports", "Harrow Relief Trust")]
    assert [(e.text, e.label_) for e in doc.ents] == [("Harrow Relief Trust", "ORG")]
    assert [(s.text, s.label_) for s in doc.spans["kgraph_mentions"]] == [
        ("The Coalition", "Coalition"), ("Harrow Relief Trust", "Organization")]


def test_components_mention_model_slot() -> None:
    """A component between the gazetteer and the rules that writes kgraph_model_mentions (as a trained mention
    model does) has its spans adopted; one that overlaps a gazetteer mention is left out."""
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    @Language.component("test_fake_mention_model")
    def fake(doc: Doc) -> Doc:
        doc.spans["kgraph_model_mentions"] = [Span(doc, 0, 3, label="ORG"), Span(doc, 4, 5, label="ORG"),
                                              Span(doc, 6, 7, label="LOC")]
        return doc

    nlp = load_pipeline("en")
    if "kgraph_mention_model" in nlp.pipe_names:
        nlp.remove_pipe("kgraph_mention_model")
    nlp.add_pipe("test_fake_mention_model", after="kgraph_gazetteer")
    doc = nlp("Harrow Relief Trust supports ISIS near Ostmark.")
    found = {(m.name, m.cls, m.key, m.rule) for m in doc._.kgraph_mentions}
    assert found == {("Harrow Relief Trust", "Organization", None, "model"),
                     ("ISIS", "ArmedGroup", "isis", "gazetteer"), ("Ostmark", "Place", None, "model")}
    assert ("Harrow Relief Trust", "supports", "ISIS") in {
        (r.subject.name, r.predicate, r.object.name) for r in doc._.kgraph_relations}


@pytest.mark.parametrize("missing", ["kgraph_normalizer", "kgraph_sentences"])
def test_components_need_the_first_steps(missing: str) -> None:
    import spacy

    nlp = spacy.blank("en")
    for name in COMPONENTS:
        if name != missing:
            nlp.add_pipe(name, config={"lang": "en"})
    with pytest.raises(ValueError, match="kgraph_normalizer"):
        nlp("ISIS attacked the SDF.")


def test_components_tokenizer_pipeline_is_the_runtime_tokenizer() -> None:
    from kgraph.extract.pipeline import tokenizer_pipeline

    text = "قال «نحن» في 2014. The U.S. Embassy said: \"ISIS remains.\""
    for lang in ("ar", "en"):
        assert [t.text for t in tokenizer_pipeline(lang)(text)] == [t.text for t in load_pipeline(lang).make_doc(text)]


@pytest.mark.parametrize(("after", "expected"), [
    (False, {("Owen T.", "Person", "model"), ("Archer", "Place", "model"), ("convoy", "Group", "model")}),
    (True, {("Owen T. Archer", "Person", "title")}),
])
def test_components_model_after_rules_fills_gaps(after: bool, expected: set[tuple[str, str, str]]) -> None:
    """Adopted before the rules, a model's spans win (a cut name, a bare noun); with model_after_rules the rules'
    mentions win and the model only fills gaps, and lowercase_single=[] leaves bare lower-case words out."""
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    @Language.component("test_fake_cutting_model")
    def fake(doc: Doc) -> Doc:
        doc.spans["kgraph_model_mentions"] = [Span(doc, 2, 4, label="PER"), Span(doc, 4, 5, label="LOC"),
                                              Span(doc, 16, 17, label="GRP"), Span(doc, 18, 21, label="ORG")]
        return doc

    nlp = load_pipeline("en")
    if "kgraph_mention_model" in nlp.pipe_names:
        nlp.remove_pipe("kgraph_mention_model")
    nlp.add_pipe("test_fake_cutting_model", after="kgraph_gazetteer")
    rules = nlp.get_pipe("kgraph_rule_mentions")
    rules.model_after_rules, rules.lowercase_single = after, (frozenset() if after else None)
    doc = nlp("Maj. Gen. Owen T. Archer, Jr., commander of the task force, saw a convoy near Harrow Relief Trust.")
    found = {(m.name, m.cls, m.rule) for m in doc._.kgraph_mentions}
    assert expected <= found
    assert ("Harrow Relief Trust", "Organization", "model") in found
    if after:
        assert not any(m.name == "convoy" for m in doc._.kgraph_mentions)


def test_components_model_after_rules_keeps_post_links() -> None:
    """Spans adopted after the rules are inserted before a titled person: the person's post still names the
    organisation (the rules' links are span indices)."""
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    @Language.component("test_fake_leading_model")
    def fake(doc: Doc) -> Doc:
        doc.spans["kgraph_model_mentions"] = [Span(doc, 0, 3, label="ORG")]
        return doc

    nlp = load_pipeline("en")
    if "kgraph_mention_model" in nlp.pipe_names:
        nlp.remove_pipe("kgraph_mention_model")
    nlp.add_pipe("test_fake_leading_model", after="kgraph_gazetteer")
    rules = nlp.get_pipe("kgraph_rule_mentions")
    rules.model_after_rules = True
    doc = nlp("Harrow Relief Trust staff met CJTF-OIR spokesman Col. Dana Whitlow.")
    triples = {(r.subject.name, r.predicate, r.object.name) for r in doc._.kgraph_relations}
    assert ("Dana Whitlow", "memberOf", "CJTF-OIR") in triples, triples
    assert not any(r.predicate == "memberOf" and r.object.name == "Harrow Relief Trust"
                   for r in doc._.kgraph_relations)
