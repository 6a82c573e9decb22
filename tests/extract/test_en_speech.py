"""English reported speech, first person in quotes, negation and modality (sentences written for these tests)."""

from __future__ import annotations

import pytest

from kgraph.ingest import make_document
from kgraph.resolve import Resolver


def _assertions(extractor, text: str) -> dict[tuple[str, str, str], object]:  # type: ignore[no-untyped-def]
    ex = extractor.extract(make_document(text, source="t", lang="en"))
    res = Resolver(extractor.gazetteer)
    return {(a.subject, a.predicate, a.object): a for a in res.add(ex)}


@pytest.mark.parametrize(
    ("text", "triple", "speaker"),
    [
        ('"The Coalition supports the Peshmerga," said Col. Rita Vance, a CJTF-OIR spokesperson.',
         ("coalition", "supports", "peshmerga"), "rita_vance"),
        ("Col. Rita Vance, a CJTF-OIR spokesperson, said the Coalition supports the Peshmerga.",
         ("coalition", "supports", "peshmerga"), "rita_vance"),
        ("The Coalition supports the Peshmerga, according to CENTCOM.", ("coalition", "supports", "peshmerga"),
         "centcom"),
        # a continued quote after "…," said X.
        ('Col. Rita Vance is a CJTF-OIR spokesperson.\n"We are ready," Vance said. "ISIS still threatens the SDF."',
         ("isis", "threatens", "sdf"), "rita_vance"),
    ],
)
def test_en_speech_speaker_recorded(extractor, text: str, triple, speaker: str) -> None:  # type: ignore[no-untyped-def]
    found = _assertions(extractor, text)
    assert triple in found, found
    assert found[triple].speaker == speaker  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ('Maj. Gen. Eli Stone, commander of CJTF-OIR, spoke. "We advise the Peshmerga," Stone said.',
         ("cjtf_oir", "advises", "peshmerga")),
        ('"Our forces support the Iraqi Army," said Col. Rita Vance, a CENTCOM spokesperson.',
         ("centcom", "supports", "iraqi_army")),
    ],
)
def test_en_speech_first_person_is_the_speakers_organisation(extractor, text: str, triple) -> None:  # type: ignore[no-untyped-def]
    assert triple in _assertions(extractor, text)


def test_en_speech_said_before_a_clause_is_not_a_speaker(extractor) -> None:  # type: ignore[no-untyped-def]
    found = _assertions(extractor, "Officials said the Coalition supports the Peshmerga.")
    assert found[("coalition", "supports", "peshmerga")].speaker is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "triple", "flag"),
    [
        ("The Coalition did not attack the SDF.", ("coalition", "attacks", "sdf"), "negated"),
        ("The Peshmerga no longer control Sinjar.", ("peshmerga", "controls", "sinjar"), "negated"),
        ("The SDF denied that ISIS had seized the al-Hol camp.", ("isis", "controls", "al_hol_camp"), "negated"),
        ("The Coalition never supported the PKK.", ("coalition", "supports", "pkk"), "negated"),
        ("ISIS may attack the Iraqi Army.", ("isis", "attacks", "iraqi_army"), "hedged"),
        ("ISIS could threaten the al-Hol camp.", ("isis", "threatens", "al_hol_camp"), "hedged"),
        ("The Coalition is expected to support the Peshmerga.", ("coalition", "supports", "peshmerga"), "hedged"),
        ("The Iraqi government refused to support the PKK.", ("iraqi_government", "supports", "pkk"), "negated"),
        ("ISIS reportedly attacked the Peshmerga.", ("isis", "attacks", "peshmerga"), "hedged"),
    ],
)
def test_en_speech_negation_and_modality_make_no_fact(extract_triples, extractor, text: str, triple,  # type: ignore[no-untyped-def]
                                                      flag: str) -> None:
    assert triple not in extract_triples(text, "en")
    found = _assertions(extractor, text)
    assert triple in found, found
    assert getattr(found[triple].relation, flag) is True  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("ISIS attacked the SDF near Hasakah, according to a statement from CENTCOM.", "centcom"),
        ("ISIS attacked the SDF near Hasakah, CENTCOM said.", "centcom"),
    ],
)
def test_en_speech_attribution_covers_the_sentence(extractor, text: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    found = _assertions(extractor, text)
    assert found[("isis", "attacks", "sdf")].speaker == speaker  # type: ignore[attr-defined]
