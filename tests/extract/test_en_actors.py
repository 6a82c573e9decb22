"""English actors outside the gazetteer, on sentences written for these tests."""

from __future__ import annotations

import re

import pytest

from kgraph.ingest import make_document
from kgraph.resolve import Resolver


def _actors(extractor, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """actor id → class of every mention in ``text``."""
    ex = extractor.extract(make_document(text, source="t", lang="en"))
    res = Resolver(extractor.gazetteer)
    return {_undocumented(res.actor_id(m)): m.cls for m in ex.mentions}


def _undocumented(aid: str) -> str:
    """A discovered event's id without its document suffix (kgraph.resolve.Resolver scopes discovered events)."""
    return re.sub(r"_[0-9a-f]{8}$", "", aid)


@pytest.mark.parametrize(
    ("text", "actor", "cls"),
    [
        ("Maj. Gen. Owen T. Archer, Jr., commander, Combined Joint Task Force, spoke.", "owen_t_archer", "Person"),
        ("Secretary of State Ruth Calder arrived in Baghdad.", "ruth_calder", "Person"),
        ("The statement was read by spokesperson Col. Ian Pryce.", "ian_pryce", "Person"),
        ("Iraqi Defense Minister Hadi Karim visited the base.", "hadi_karim", "Person"),
        ('General Tom "Hawk" Riley, commander of the task force, spoke.', "tom_hawk_riley", "Person"),
        ("The Anbar Operations Command reported calm.", "anbar_operations_command", "Organization"),
        ("The Nineveh Provincial Council met on Sunday.", "nineveh_provincial_council", "Organization"),
        ("Patrols left the Zubair Task Force base at dawn.", "zubair_task_force", "Organization"),
        ("The ISIS fighters fled.", "isis", "ArmedGroup"),
        ("SDF quick reaction forces arrived.", "sdf", "Military"),
        ("Daesh detainees rioted.", "detainees", "Group"),
        ("Families in northeastern Syria waited.", "northeastern_syria", "Place"),
        ("Guards at the al-Hol displaced persons camp were warned.", "al_hol_camp", "Camp"),
        ("The Coalition thanked its partner forces.", "partner_forces", "Organization"),
        ("Prison guards and camp residents were moved.", "prison_guards", "Group"),
        ("Prison guards and camp residents were moved.", "camp_residents", "Group"),
        ("The last Ministerial was held in Brussels.", "last_ministerial", "Meeting"),
        ("Ministers attended a day of meetings in Paris.", "day_of_meetings", "Meeting"),
    ],
)
def test_en_actors_outside_gazetteer(extractor, text: str, actor: str, cls: str) -> None:  # type: ignore[no-untyped-def]
    found = _actors(extractor, text)
    assert found.get(actor) == cls, found


@pytest.mark.parametrize(
    ("text", "anaphor", "actor"),
    [
        ("ISIS attacked a village. The group also threatened the SDF.", "The group", "isis"),
        ("ISIS claimed the bombing. The terrorist organization lost ground.", "The terrorist organization", "isis"),
        ("Aid reached the al-Hol camp. The camp holds thousands.", "The camp", "al_hol_camp"),
        ("Col. Nora Blake, a CENTCOM spokesperson, spoke. Blake declined to comment.", "Blake", "nora_blake"),
        ("Ministers met at the summit in Oslo. The summit ended late.", "The summit", "summit"),
        ("The foreign ministers of the Coalition arrived. Ministers then spoke.", "Ministers", "foreign_ministers"),
    ],
)
def test_en_actors_anaphora_resolve(extractor, text: str, anaphor: str, actor: str) -> None:  # type: ignore[no-untyped-def]
    ex = extractor.extract(make_document(text, source="t", lang="en"))
    res = Resolver(extractor.gazetteer)
    ids = {_undocumented(res.actor_id(m)) for m in ex.mentions if m.text == anaphor}
    assert ids == {actor}, [(m.text, res.actor_id(m)) for m in ex.mentions]


@pytest.mark.parametrize(
    "text",
    [
        "Several meetings went well.",          # a bare plural "meetings" in running text is not a node
        "Officials in the group said nothing.",  # no armed group mentioned before: "the group" stays unresolved
    ],
)
def test_en_actors_no_spurious_nodes(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    found = _actors(extractor, text)
    assert not any(cls in ("Meeting", "ArmedGroup") for cls in found.values()), found
