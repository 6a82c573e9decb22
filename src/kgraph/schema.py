"""The vocabulary's structure, read once: classes and their hierarchy, relation properties, the sub-property
closure and what each property links (``rdfs:domain`` / ``rdfs:range``).

The facts come from ``ontologies/kgraph.ttl`` and from the user's own Turtle files (``--actors``,
``--lexicon``), so a property a user declares (``ex:shells rdfs:subPropertyOf kg:attacks``) or a class
(``ex:Militia rdfs:subClassOf kg:ArmedGroup``) is known to the type checks of extraction, to the colours of
the explorer and to the declarations written into every output graph (which SPARQL's
``rdfs:subPropertyOf*`` follows). rdflib is used only by :func:`load_schema`; a :class:`Schema` is plain,
frozen data that every stage receives.

>>> schema = load_schema()
>>> schema.family("attacks"), schema.is_a("Country", "Place")
('opposes', True)
>>> schema.fits("opposes", "ArmedGroup", "City")       # no one opposes a city
False
>>> schema.fits("locatedIn", "Meeting", "City")
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.errors import OntologyError
from kgraph.model import CORE_PROPERTIES
from kgraph.ontology import KG, PREFIXES, ontology_file

if TYPE_CHECKING:
    import rdflib

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_OWL = PREFIXES["owl"]
#: The predicates of a term's declaration that are copied into output graphs.
DECLARING = (_RDF + "type", _RDFS + "label", _RDFS + "subPropertyOf", _RDFS + "subClassOf", _RDFS + "comment")


@dataclass(frozen=True)
class Declaration:
    """One triple that declares an ontology term: ``(term IRI, predicate IRI, object)``.

    ``kind`` is ``"iri"`` or ``"literal"``; a literal keeps its language tag (``lang``) or datatype IRI.
    """

    term: str
    predicate: str
    value: str
    kind: str = "iri"
    lang: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Schema:
    """Classes, properties, sub-properties and domain/range of the vocabulary (local names in ``kg:``).

    Build it with :func:`load_schema` (from Turtle files) or :meth:`from_pairs` (from a graph's own
    ``rdfs:subPropertyOf`` declarations). A class or property outside ``kg:`` keeps its full IRI as its name.

    Attributes:
        ancestors: each class → itself and all its super-classes.
        super_properties: each property → itself and all its super-properties, nearest first.
        domains / ranges: each property with a declared (or inherited) domain / range → the classes allowed
            there, subclasses included. A property without one accepts any class.
        declarations: the triples that declare each term (type, label, super-property, super-class, comment).
    """

    ancestors: Mapping[str, frozenset[str]]
    super_properties: Mapping[str, tuple[str, ...]]
    domains: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ranges: Mapping[str, frozenset[str]] = field(default_factory=dict)
    declarations: tuple[Declaration, ...] = ()
    core: tuple[str, ...] = CORE_PROPERTIES
    _below: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        below: dict[str, set[str]] = {}
        for cls, ups in self.ancestors.items():
            for up in ups | {cls}:
                below.setdefault(up, set()).add(cls)
        object.__setattr__(self, "_below", {c: frozenset(v) for c, v in below.items()})

    # ---------------------------------------------------------------------------------------- classes
    @property
    def classes(self) -> frozenset[str]:
        """Every declared class."""
        return frozenset(self.ancestors)

    def is_a(self, cls: str, ancestor: str) -> bool:
        """Whether ``cls`` is ``ancestor`` or one of its subclasses (an undeclared class is only itself)."""
        return cls == ancestor or ancestor in self.ancestors.get(cls, ())

    def under(self, *ancestors: str) -> frozenset[str]:
        """Every declared class that is one of ``ancestors`` or a subclass of one.

        >>> sorted(load_schema().under("Place"))
        ['City', 'Country', 'Place', 'Province']
        """
        out: frozenset[str] = frozenset(ancestors)
        for a in ancestors:
            out |= self._below.get(a, frozenset())
        return out

    # ---------------------------------------------------------------------------------------- properties
    @property
    def properties(self) -> frozenset[str]:
        """Every declared property that is one of the core relations or a sub-property of one."""
        return frozenset(p for p in self.super_properties if self.family(p) in self.core)

    def family(self, prop: str) -> str:
        """The core property ``prop`` specialises (``attacks`` → ``opposes``); ``prop`` itself when it is core
        or unknown."""
        for sup in self.super_properties.get(prop, ()):
            if sup in self.core:
                return sup
        return prop

    def is_sub_property(self, prop: str, ancestor: str) -> bool:
        """Whether ``prop`` is ``ancestor`` or a (transitive) sub-property of it."""
        return prop == ancestor or ancestor in self.super_properties.get(prop, ())

    def families(self) -> dict[str, str]:
        """Each declared sub-property of a core property → that core property."""
        return {p: self.family(p) for p in self.super_properties if p not in self.core and self.family(p) != p}

    # ---------------------------------------------------------------------------------------- domain / range
    def subject_ok(self, prop: str, cls: str) -> bool:
        """Whether an instance of ``cls`` may be the subject of ``prop``."""
        allowed = self.domains.get(prop)
        return allowed is None or cls in allowed

    def object_ok(self, prop: str, cls: str) -> bool:
        """Whether an instance of ``cls`` may be the object of ``prop``."""
        allowed = self.ranges.get(prop)
        return allowed is None or cls in allowed

    def fits(self, prop: str, subject_cls: str, object_cls: str) -> bool:
        """Whether ``subject_cls prop object_cls`` respects the declared domain and range."""
        return self.subject_ok(prop, subject_cls) and self.object_ok(prop, object_cls)

    # ---------------------------------------------------------------------------------------- building
    @classmethod
    def from_pairs(cls, sub_property_of: Iterable[tuple[str, str]], *, namespace: str = KG) -> Schema:
        """A schema of properties only, from ``(sub IRI, super IRI)`` pairs (e.g. read from an output graph).

        >>> Schema.from_pairs([("x#shells", "x#attacks"), ("x#attacks", "x#opposes")], namespace="x#").family("shells")
        'opposes'
        """
        supers: dict[str, list[str]] = {}
        for s, o in sub_property_of:
            supers.setdefault(_name(s, namespace), []).append(_name(o, namespace))
        return cls(ancestors={}, super_properties=_closure(supers))


def _name(iri: str, namespace: str = KG) -> str:
    return iri[len(namespace):] if iri.startswith(namespace) else iri


def _closure(parents: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each node → itself and its ancestors, nearest first (breadth-first; cycles are cut)."""
    out: dict[str, tuple[str, ...]] = {}
    for start in parents:
        seen = [start]
        todo = list(parents[start])
        while todo:
            cur = todo.pop(0)
            if cur in seen:
                continue
            seen.append(cur)
            todo.extend(parents.get(cur, ()))
        out[start] = tuple(seen)
    return out


def load_schema(extra: Sequence[Path] = ()) -> Schema:
    """The schema of ``ontologies/kgraph.ttl`` plus the declarations in ``extra`` Turtle files (the user's
    ``--actors`` and ``--lexicon`` files). Cached: the same files give the same object.

    Raises:
        OntologyError: a file does not parse, a core property is not declared, or a domain/range names an
            undeclared class.
    """
    return _load_schema((ontology_file(), *(Path(p) for p in extra)))


def parse_turtle(path: Path) -> rdflib.Graph:
    """Parse one Turtle file.

    Raises:
        OntologyError: the file does not parse (the message names the file and rdflib's cause).
    """
    import rdflib

    g = rdflib.Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types; report the file and the cause
        raise OntologyError(f"{path}: not valid Turtle: {exc}",
                            fix="fix the Turtle syntax at the line the message names") from exc
    return g


@functools.lru_cache(maxsize=16)
def _load_schema(files: tuple[Path, ...]) -> Schema:
    import rdflib
    from rdflib.collection import Collection

    g = rdflib.Graph()
    for path in files:
        g += parse_turtle(path)
    rdf_type, sub_class, sub_prop = (rdflib.URIRef(_RDF + "type"), rdflib.URIRef(_RDFS + "subClassOf"),
                                     rdflib.URIRef(_RDFS + "subPropertyOf"))
    classes: dict[str, list[str]] = {}
    for s in g.subjects(rdf_type, rdflib.URIRef(_OWL + "Class")):
        if isinstance(s, rdflib.URIRef):
            classes.setdefault(_name(str(s)), [])
    for s, o in g.subject_objects(sub_class):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
            classes.setdefault(_name(str(s)), []).append(_name(str(o)))
            classes.setdefault(_name(str(o)), [])
    ancestors = {c: frozenset(ups) for c, ups in _closure(classes).items()}
    supers: dict[str, list[str]] = {}
    for s in g.subjects(rdf_type, rdflib.URIRef(_OWL + "ObjectProperty")):
        if isinstance(s, rdflib.URIRef):
            supers.setdefault(_name(str(s)), [])
    for s, o in g.subject_objects(sub_prop):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
            supers.setdefault(_name(str(s)), []).append(_name(str(o)))
    super_properties = _closure(supers)
    missing = [p for p in CORE_PROPERTIES if p not in super_properties]
    if missing:
        raise OntologyError(f"{files[0]}: the core properties {missing} are not declared",
                            fix="declare each of the ten relation properties as an owl:ObjectProperty")

    def classes_of(node: rdflib.term.Node, prop: str, where: str) -> frozenset[str]:
        union = g.value(node, rdflib.URIRef(_OWL + "unionOf"))
        members = list(Collection(g, union)) if union is not None else [node]
        names = set()
        for m in members:
            name = _name(str(m))
            if not isinstance(m, rdflib.URIRef) or name not in ancestors:
                raise OntologyError(f"the {where} of kg:{prop} names {m}, which is not a declared class",
                                    fix="name declared classes (owl:Class) in rdfs:domain / rdfs:range")
            names.add(name)
        return frozenset(c for c, ups in ancestors.items() if ups & names)

    declared_dom: dict[str, frozenset[str]] = {}
    declared_rng: dict[str, frozenset[str]] = {}
    for pred, table, where in ((_RDFS + "domain", declared_dom, "domain"), (_RDFS + "range", declared_rng, "range")):
        for s, o in g.subject_objects(rdflib.URIRef(pred)):
            name = _name(str(s))
            if name in super_properties and (not isinstance(o, rdflib.URIRef) or str(o).startswith(KG)):
                allowed = classes_of(o, name, where)
                table[name] = table[name] & allowed if name in table else allowed
    domains = _inherit(declared_dom, super_properties)
    ranges = _inherit(declared_rng, super_properties)
    decls: list[Declaration] = []
    for pred in DECLARING:
        for s, o in g.subject_objects(rdflib.URIRef(pred)):
            if not isinstance(s, rdflib.URIRef) or not str(s).startswith(KG):
                continue
            if isinstance(o, rdflib.Literal):
                decls.append(Declaration(term=str(s), predicate=pred, value=str(o), kind="literal", lang=o.language,
                                         datatype=str(o.datatype) if o.datatype is not None else None))
            elif isinstance(o, rdflib.URIRef):
                decls.append(Declaration(term=str(s), predicate=pred, value=str(o)))
    decls.sort(key=lambda d: (d.term, d.predicate, d.value, d.lang or "", d.datatype or ""))
    return Schema(ancestors=ancestors, super_properties=super_properties, domains=domains, ranges=ranges,
                  declarations=tuple(dict.fromkeys(decls)))


def _inherit(declared: Mapping[str, frozenset[str]],
             super_properties: Mapping[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """A property's allowed classes: the intersection of its own and every super-property's declaration."""
    out: dict[str, frozenset[str]] = {}
    for prop, sups in super_properties.items():
        allowed: frozenset[str] | None = None
        for sup in sups:
            if sup in declared:
                allowed = declared[sup] if allowed is None else allowed & declared[sup]
        if allowed is not None:
            out[prop] = allowed
    return out


__all__ = ["Declaration", "Schema", "load_schema", "parse_turtle"]
