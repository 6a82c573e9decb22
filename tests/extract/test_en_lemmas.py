"""English lemma triggers (issue 12): one kg:verb entry covers every inflection."""

from __future__ import annotations

import pytest

from kgraph.extract.lang.en.lemmas import candidates


@pytest.mark.parametrize(("form", "lemma"), [
    ("eradicated", "eradicate"), ("eradicating", "eradicate"), ("empowering", "empower"), ("lauding", "laud"),
    ("stopped", "stop"), ("carried", "carry"), ("carries", "carry"), ("pushes", "push"), ("struck", "strike"),
    ("supports", "support"), ("terrorized", "terrorize"),
])
def test_en_lemmas_candidates_include_the_lemma(form: str, lemma: str) -> None:
    assert lemma in candidates(form)


@pytest.mark.parametrize(("text", "expected"), [
    ("The coalition is eradicating ISIS.", ("coalition", "opposes", "isis")),
    ("The Coalition lauded the SDF.", ("coalition", "praises", "sdf")),
    ("The coalition empowers the Iraqi Security Forces.", ("coalition", "supports", "iraqi_security_forces")),
    ("The Iraqi Army liberates Mosul.", ("iraqi_army", "controls", "mosul")),
])
def test_en_lemmas_trigger_every_inflection(extract_triples, text: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in extract_triples(text, "en"), extract_triples(text, "en")


def test_en_lemmas_set_token_lemma() -> None:
    from kgraph.extract import load_pipeline

    doc = load_pipeline("en")("ISIS terrorized civilians.")
    assert [t.lemma_ for t in doc][:2] == ["isis", "terrorize"]
