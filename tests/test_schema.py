"""The schema: classes, sub-properties and domain/range read once from the ontology and the user's files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kgraph.errors import OntologyError
from kgraph.schema import Schema, load_schema

_PREFIXES = """@prefix kg: <https://w3id.org/kgraph/ns#> .
@prefix kgl: <https://w3id.org/kgraph/lexicon/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
#: a user's lexicon: a property of their own under kg:attacks, and an English trigger for it
USER_LEXICON = _PREFIXES + """
kg:shells a owl:ObjectProperty ; rdfs:subPropertyOf kg:attacks ; rdfs:label "shells"@en .
kgl:user-shells a kg:Trigger ; kg:lang "en" ; kg:property kg:shells ; kg:frame "active" ;
    kg:form "mortared", "mortars" .
"""


@pytest.mark.parametrize(("cls", "ancestor", "expected"), [
    ("Country", "Place", True), ("City", "Place", True), ("Government", "Actor", True),
    ("Person", "Organization", False), ("Camp", "Facility", True), ("Meeting", "Event", True),
    ("Place", "Country", False), ("Unknown", "Unknown", True), ("Unknown", "Actor", False)])
def test_schema_class_hierarchy(cls: str, ancestor: str, expected: bool) -> None:
    assert load_schema().is_a(cls, ancestor) is expected


@pytest.mark.parametrize(("ancestors", "expected"), [
    (("Place",), {"Place", "Country", "Province", "City"}),
    (("Facility", "Event"), {"Facility", "Camp", "Prison", "Event", "Meeting", "Attack"}),
    (("Organization",), {"Organization", "Government", "ArmedGroup", "Coalition", "Media", "Military"})])
def test_schema_under_lists_subclasses(ancestors: tuple[str, ...], expected: set[str]) -> None:
    assert load_schema().under(*ancestors) == expected


@pytest.mark.parametrize(("prop", "family"), [
    ("attacks", "opposes"), ("cooperatesWith", "supports"), ("commands", "leads"), ("spokespersonOf", "memberOf"),
    ("supports", "supports"), ("unknownProperty", "unknownProperty")])
def test_schema_family_is_the_core_property(prop: str, family: str) -> None:
    assert load_schema().family(prop) == family


def test_schema_families_follow_sub_property_chains() -> None:
    ns = "https://ex/#"
    pairs = [(ns + "shells", ns + "attacks"), (ns + "attacks", ns + "opposes"), (ns + "loop", ns + "loop")]
    assert Schema.from_pairs(pairs, namespace=ns).families() == {"shells": "opposes", "attacks": "opposes"}


@pytest.mark.parametrize(("prop", "subj", "obj", "expected"), [
    ("opposes", "ArmedGroup", "Government", True),
    ("opposes", "City", "ArmedGroup", False),         # places never act
    ("opposes", "ArmedGroup", "City", False),         # no one opposes a city
    ("attacks", "ArmedGroup", "Prison", True),        # a sub-property inherits its parent's range
    ("attacks", "Meeting", "ArmedGroup", False),
    ("threatens", "ArmedGroup", "City", True),
    ("controls", "ArmedGroup", "Province", True),
    ("controls", "ArmedGroup", "Person", False),
    ("participatesIn", "Country", "Meeting", True),
    ("participatesIn", "Person", "Organization", False),
    ("memberOf", "Person", "Coalition", True),
    ("memberOf", "Person", "Person", False),
    ("locatedIn", "Meeting", "City", True),
    ("locatedIn", "Facility", "Person", False),
    ("supports", "City", "Government", True),          # a capital for its government
])
def test_schema_domain_and_range(prop: str, subj: str, obj: str, expected: bool) -> None:
    assert load_schema().fits(prop, subj, obj) is expected


def test_schema_user_sub_property_is_known(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.ttl"
    lexicon.write_text(USER_LEXICON, encoding="utf-8")
    schema = load_schema([lexicon])
    assert schema.family("shells") == "opposes"
    assert schema.families()["shells"] == "opposes"
    assert schema.fits("shells", "ArmedGroup", "Military") and not schema.fits("shells", "ArmedGroup", "City")
    assert "shells" in schema.properties and "shells" not in load_schema().properties


def test_schema_user_class_is_known(tmp_path: Path) -> None:
    actors = tmp_path / "actors.ttl"
    actors.write_text(_PREFIXES + "kg:Militia a owl:Class ; rdfs:subClassOf kg:ArmedGroup .\n", encoding="utf-8")
    schema = load_schema([actors])
    assert schema.is_a("Militia", "Actor") and schema.fits("opposes", "Militia", "Government")


@pytest.mark.parametrize("declaration", [
    "kg:opposes rdfs:range kg:Nowhere .",
    "kg:opposes rdfs:domain [ owl:unionOf ( kg:Actor kg:Nowhere ) ] .",
])
def test_schema_domain_must_name_declared_classes(tmp_path: Path, declaration: str) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(_PREFIXES + declaration + "\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="Nowhere"):
        load_schema([bad])


def test_schema_user_sub_property_end_to_end(tmp_path: Path) -> None:
    """A user's --lexicon sub-property is type-checked, written into the graph (so SPARQL's
    rdfs:subPropertyOf* finds it) and coloured as its core property in the explorer — without code."""
    import kgraph
    from kgraph.query.sparql import run_query
    from kgraph.render.html import PROPERTY_COLORS

    lexicon = tmp_path / "mine.ttl"
    lexicon.write_text(USER_LEXICON, encoding="utf-8")
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text("ISIS mortared the Iraqi Security Forces.\n\nISIS mortared Mosul.\n",
                                    encoding="utf-8")
    out = tmp_path / "out"
    kgraph.build_graph([articles], out=out, lexicons=[lexicon])
    rows = run_query(out, "SELECT ?s ?p ?o WHERE { ?p rdfs:subPropertyOf* kg:opposes . ?s ?p ?o }").rows
    found = {tuple(str(v).strip("<>").rsplit("/", 1)[-1].rsplit("#", 1)[-1] for v in row) for row in rows}
    assert found == {("isis", "shells", "iraqi_security_forces")}  # "mortared Mosul": a city is not opposed
    page = (out / "graph.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="kgraph-data">(.*?)</script>', page, re.S)
                      .group(1))
    assert data["properties"]["shells"] == {"family": "opposes", "color": PROPERTY_COLORS["opposes"]}
