"""What the rules of a document may consult besides its text: the gazetteer and the schema."""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.gazetteer import Gazetteer
from kgraph.schema import Schema


@dataclass(frozen=True)
class Environment:
    """The gazetteer and the schema of a pipeline (loaded once, shared by every document)."""

    gazetteer: Gazetteer
    schema: Schema

    @property
    def kinds(self) -> Kinds:
        """The schema's class sets the rules reason with."""
        return Kinds.of(self.schema)





@dataclass(frozen=True)
class Kinds:
    """The class sets the rules reason with, read from the schema (so a user's subclass of kg:ArmedGroup is an
    actor to them too)."""

    actor: frozenset[str]     # kg:Actor and its subclasses (persons and organisations)
    org: frozenset[str]       # kg:Organization and its subclasses, and kg:Actor itself (an actor of no known kind)
    place: frozenset[str]     # kg:Place and its subclasses (countries, provinces, cities)
    facility: frozenset[str]  # kg:Facility and its subclasses (camps, prisons)
    event: frozenset[str]     # kg:Event and its subclasses (meetings, attacks)
    group: frozenset[str]     # kg:Group and its subclasses (population groups)
    locatable: frozenset[str]  # what a document places somewhere: events and facilities
    party: frozenset[str]     # what may act in a relation: actors, population groups and countries

    @classmethod
    def of(cls, schema: Schema) -> Kinds:
        """The class sets of ``schema`` (computed once per schema)."""
        cached = _KINDS.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        kinds = cls(actor=schema.under("Actor"), org=schema.under("Organization", "Actor") - schema.under("Person"),
                     place=schema.under("Place"), facility=schema.under("Facility"), event=schema.under("Event"),
                     group=schema.under("Group"), locatable=schema.under("Event", "Facility"),
                     party=schema.under("Actor", "Group", "Country"))
        _KINDS[id(schema)] = (schema, kinds)
        return kinds


_KINDS: dict[int, tuple[Schema, Kinds]] = {}
__all__ = ["Environment", "Kinds"]
