"""The ``kgraph_mention_model`` component, on a model trained in the test session from a made-up corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Span

from kgraph.errors import ConfigError
from kgraph.extract.mention_model import FACTORY, SPANS_KEY, shipped_model
from kgraph.train.convert import PreModel


@pytest.fixture()
def host(tiny_model: Any) -> tuple[PreModel, Any]:
    """(pre-model steps, the component) of an Arabic pipeline with kgraph's tokenizer and the tiny model."""
    pre = PreModel("ar")
    component = pre.nlp.add_pipe(FACTORY, config={"model": str(tiny_model.model)})
    return pre, component


def _found(doc: Any, key: str = SPANS_KEY) -> list[tuple[int, int, str]]:
    return [(s.start_char, s.end_char, s.label_) for s in doc.spans[key]]


@pytest.mark.parametrize("seed", [101, 102, 103])
def test_mention_model_puts_mentions_in_its_span_group(host: tuple[PreModel, Any], make_tiny_document: Any,
                                                       seed: int) -> None:
    pre, component = host
    text, mentions = make_tiny_document("ar", seed)  # new sentences of the made-up kind
    doc = component(pre(text))
    gold = {(m["start"], m["end"], m["label"]) for m in mentions}
    found = set(_found(doc))
    assert {label for *_, label in found} <= {"PER", "ORG", "GRP", "LOC", "FAC", "MEET", "EVT"}
    assert len(found & gold) >= 0.8 * len(gold), (sorted(found - gold), sorted(gold - found))


def test_mention_model_touches_no_other_annotation(host: tuple[PreModel, Any], make_tiny_document: Any) -> None:
    pre, component = host
    text, _ = make_tiny_document("ar", 7)
    doc = pre(text)
    doc.spans["gazetteer"] = [Span(doc, 0, 2, label="kept")]
    doc.set_ents([Span(doc, 3, 5, label="SOMETHING")], default="missing")
    before_ents = [(e.start, e.end, e.label_) for e in doc.ents]
    before_iob = [t.ent_iob for t in doc]
    fresh = component(pre(text))
    doc = component(doc)
    assert [(s.start, s.end, s.label_) for s in doc.spans["gazetteer"]] == [(0, 2, "kept")]
    assert [(e.start, e.end, e.label_) for e in doc.ents] == before_ents
    assert [t.ent_iob for t in doc] == before_iob
    assert _found(doc) == _found(fresh)  # earlier entities do not steer the model


def test_mention_model_pipe_equals_call(host: tuple[PreModel, Any], make_tiny_document: Any) -> None:
    pre, component = host
    texts = [make_tiny_document("ar", seed)[0] for seed in range(200, 206)]
    one_by_one = [_found(component(pre(t))) for t in texts]
    assert [_found(d) for d in component.pipe([pre(t) for t in texts], batch_size=4)] == one_by_one


def test_mention_model_custom_span_key(tiny_model: Any, make_tiny_document: Any) -> None:
    pre = PreModel("ar")
    component = pre.nlp.add_pipe(FACTORY, config={"model": str(tiny_model.model), "spans_key": "mine"})
    doc = component(pre(make_tiny_document("ar", 3)[0]))
    assert "mine" in doc.spans and SPANS_KEY not in doc.spans and len(doc.spans["mine"]) > 0


def test_mention_model_saved_with_the_pipeline(host: tuple[PreModel, Any], make_tiny_document: Any,
                                               tmp_path: Path) -> None:
    pre, component = host
    text = make_tiny_document("ar", 11)[0]
    pre.nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    again = loaded.get_pipe(FACTORY)
    assert _found(again(pre(text))) == _found(component(pre(text)))


def test_mention_model_wrong_language(tiny_model: Any) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ConfigError, match="is for 'ar', the pipeline is 'en'"):
        nlp.add_pipe(FACTORY, config={"model": str(tiny_model.model)})


@pytest.mark.parametrize("model", ["no-such-folder", None])
def test_mention_model_missing_model(tmp_path: Path, model: str | None) -> None:
    nlp = spacy.blank("fr")  # kgraph ships no French model
    with pytest.raises(ConfigError, match=r"no mention model|ships no mention model"):
        nlp.add_pipe(FACTORY, config={"model": str(tmp_path / model) if model else None})
    with pytest.raises(ConfigError, match="kgraph train --lang fr"):
        shipped_model("fr")
