"""The gazetteer and trigger lexicon loaders: Turtle → plain tables; lexicon entries are validated on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.errors import OntologyError
from kgraph.gazetteer import load_gazetteer, load_triggers

_PREFIXES = """@prefix kg: <https://w3id.org/kgraph/ns#> .
@prefix kgl: <https://w3id.org/kgraph/lexicon/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _lexicon(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.ttl"
    path.write_text(_PREFIXES + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ('kgl:t a kg:Trigger ; kg:lang "en" ; kg:property kg:supports ; kg:frame "sideways" ; kg:form "x" .',
     "unknown kg:frame 'sideways'"),
    ('kgl:t a kg:Trigger ; kg:lang "en" ; kg:property kg:befriends ; kg:frame "active" ; kg:form "x" .',
     "which is no relation property"),
    ('kgl:t a kg:Trigger ; kg:lang "en" ; kg:property kg:supports ; kg:frame "active" ; kg:form "x" ; '
     'kg:direction "left" .', "unknown properties"),
    ('kgl:t a kg:Trigger ; kg:lang "en" ; kg:property kg:supports ; kg:form "x" ; kg:confidence 1.5 .',
     "kg:confidence 1.5"),
    ('kgl:t a kg:Trigger ; kg:lang "en" ; kg:property kg:supports .', "needs kg:lang, kg:property and kg:form"),
])
def test_gazetteer_lexicon_entries_are_validated(tmp_path: Path, body: str, message: str) -> None:
    path = _lexicon(tmp_path, body)
    with pytest.raises(OntologyError, match=message) as err:
        load_triggers([path])
    assert str(path) in str(err.value) and "https://w3id.org/kgraph/lexicon/t" in str(err.value)


def test_gazetteer_lexicon_declares_its_own_property_and_marker(tmp_path: Path) -> None:
    path = _lexicon(tmp_path, 'kg:consults a owl:ObjectProperty ; rdfs:subPropertyOf kg:meets .\n'
                              'kgl:t a kg:Trigger ; kg:lang "en" ; kg:property kg:consults ; kg:frame "symmetric" ; '
                              'kg:form "consulted" ; kg:objectMarker "With" ; kg:confidence 0.9 .\n')
    (trigger,) = [t for t in load_triggers([path])["en"] if t.id == "t"]
    assert (trigger.property, trigger.frame, trigger.forms, trigger.object_marker, trigger.confidence) == (
        "consults", "symmetric", ("consulted",), "with", 0.9)


def test_gazetteer_shipped_discuss_trigger_declares_its_partner_marker() -> None:
    discuss = [t for t in load_triggers()["ar"] if t.id == "ar-meets-discuss"]
    assert [t.object_marker for t in discuss] == ["مع"]


def test_gazetteer_user_actor_extends_the_shipped_ones(tmp_path: Path) -> None:
    path = tmp_path / "actors.ttl"
    path.write_text(_PREFIXES + '@prefix kga: <https://w3id.org/kgraph/actor/> .\n'
                    'kga:zarqa_brigade a kg:ArmedGroup ; rdfs:label "Zarqa Brigade"@en .\n', encoding="utf-8")
    gaz = load_gazetteer([path])
    assert gaz.lookup("zarqa brigade") == ["zarqa_brigade"] and "isis" in gaz.entries
