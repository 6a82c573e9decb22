"""The actor gazetteer and the trigger lexicon: Turtle files → plain lookup tables.

Shipped files live in ``ontologies/actors/*.ttl`` and ``ontologies/lexicon/*.ttl``; users add their
own with ``--actors FILE.ttl`` (format in ``ontologies/README.md``). Loading uses rdflib once; the
extractor only sees the plain dataclasses below.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.errors import OntologyError
from kgraph.ingest.normalize import fold_phrase
from kgraph.ontology import KG, KGA, actor_files, lexicon_files

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Entry:
    """One gazetteer actor."""

    id: str
    cls: str = "Actor"
    labels: dict[str, str] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    code: str | None = None
    part_of: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Trigger:
    """One relation trigger: folded word forms in one language that signal ``property``; ``frame`` says where
    its arguments are.

    A trigger may instead (or also) name *lemmas* (``kg:verb`` / ``kg:noun``): the language's analyser turns them
    into lexicon keys (``keys``, one per derivation: a verb's finite forms, its verbal noun, its participles), so
    one entry covers every inflection; ``frames`` says which derivations count and with which frame, ``after``
    the words that must follow a lemma match.
    """

    id: str
    lang: str
    property: str
    frame: str
    forms: tuple[str, ...]
    confidence: float = 0.7
    #: the word right before the object (folded), when the object must follow one: with "بحث" (discuss) the
    #: partner follows "مع" and a direct object is a topic (``kg:objectMarker`` in the lexicon)
    object_marker: str | None = None
    #: (part of speech, spec) of each lemma: ``("verb", "دعم يدعم دعم")``, ``("noun", "هجوم هجمات")``
    lemmas: tuple[tuple[str, str], ...] = ()
    #: derivation code → frame for lemma matches (``v`` finite verb, ``m`` verbal noun, ``ap`` / ``pp``
    #: participles, ``n`` noun); a derivation not listed does not trigger
    frames: tuple[tuple[str, str], ...] = ()
    #: folded words that must follow a lemma match (``kg:after``: "القبض على" after ألقى), and the lexicon keys
    #: of each (set by the analyser: a later word may be inflected too, ``عليه`` for ``على``)
    after: tuple[str, ...] = ()
    after_keys: tuple[frozenset[str], ...] = ()
    #: the lexicon keys this trigger matches (``"دعم/1:m"``), set by the language's analyser
    keys: tuple[str, ...] = ()
    #: the lexicon file it comes from (for error messages)
    source: str = ""


@dataclass
class Gazetteer:
    entries: dict[str, Entry]
    #: folded label (space-joined tokens) → actor ids
    index: dict[str, list[str]]
    #: original-case labels, for case-sensitive English acronyms
    exact: dict[str, str]
    max_tokens: int

    def lookup(self, key: str) -> list[str]:
        return self.index.get(key, [])


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[-1]
    return iri


def _parse(path: Path):  # type: ignore[no-untyped-def]
    import rdflib

    g = rdflib.Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types; report the file and the cause
        raise OntologyError(f"{path}: not valid Turtle: {exc}",
                            fix="fix the Turtle syntax at the line the message names") from exc
    return g


def load_gazetteer(extra: Sequence[Path] = ()) -> Gazetteer:
    """Load the shipped actor files plus ``extra`` user files (later files extend earlier ones).

    Raises:
        OntologyError: a file that does not parse.
    """
    return _load_gazetteer(tuple(actor_files()) + tuple(Path(p) for p in extra))


@functools.lru_cache(maxsize=8)
def _load_gazetteer(files: tuple[Path, ...]) -> Gazetteer:
    entries: dict[str, Entry] = {}
    for path in files:
        g = _parse(path)
        for s, p, o in g:
            s_str = str(s)
            if not s_str.startswith(KGA):
                continue
            e = entries.setdefault(s_str[len(KGA):], Entry(id=s_str[len(KGA):]))
            p_str = str(p)
            if p_str == RDF_TYPE and str(o).startswith(KG):
                cls = _local(str(o))
                if e.cls == "Actor" or cls != "Actor":
                    e.cls = cls
            elif p_str in (RDFS_LABEL, SKOS_PREF):
                lang = getattr(o, "language", None) or "en"
                e.labels.setdefault(lang, str(o))
                e.aliases.append((str(o), lang))
            elif p_str == SKOS_ALT:
                e.aliases.append((str(o), getattr(o, "language", None) or "en"))
            elif p_str == KG + "cameoCode":
                e.code = str(o)
            elif p_str == KG + "partOf" and str(o).startswith(KGA):
                e.part_of.append(str(o)[len(KGA):])
    index: dict[str, list[str]] = {}
    exact: dict[str, str] = {}
    longest = 1
    for key in sorted(entries):
        e = entries[key]
        e.aliases = sorted(set(e.aliases))
        for text, _lang in e.aliases:
            folded = fold_phrase(text)
            if not folded:
                continue
            ids = index.setdefault(folded, [])
            if key not in ids:
                ids.append(key)
            longest = max(longest, len(folded.split()))
            if text.isupper() and len(text) <= 6:
                exact[text] = key
    return Gazetteer(entries=entries, index=index, exact=exact, max_tokens=longest)


def load_triggers(extra: Iterable[Path] = ()) -> dict[str, list[Trigger]]:
    """Load trigger lexicons: ``{lang: [Trigger, ...]}``, from the shipped files and ``extra``."""
    return _load_triggers(tuple(lexicon_files()) + tuple(Path(p) for p in extra))


#: where a trigger's arguments are (kg:frame): see docs/extraction.md, "Trigger lexicons"
FRAMES = frozenset({"active", "nominal", "passive", "symmetric", "located"})
#: the lemma predicates and the derivations they make triggers of: (predicate, part of speech)
_LEMMA_PREDICATES = ((KG + "verb", "verb"), (KG + "noun", "noun"))
#: frames of a lemma entry's derivations: (predicate, derivation code, default) — "none" switches one off;
#: ``kg:frame`` is the frame of the verb's finite forms and of a noun
_DERIVATION_FRAMES = ((KG + "masdarFrame", "m", "nominal"), (KG + "participleFrame", "ap", "none"),
                      (KG + "passiveParticipleFrame", "pp", "none"))
_TRIGGER_PREDICATES = frozenset({RDF_TYPE, RDFS_LABEL, "http://www.w3.org/2000/01/rdf-schema#comment",
                                 KG + "lang", KG + "property", KG + "frame", KG + "form", KG + "confidence",
                                 KG + "objectMarker", KG + "after", *(p for p, _ in _LEMMA_PREDICATES),
                                 *(p for p, _, _ in _DERIVATION_FRAMES)})


@functools.lru_cache(maxsize=8)
def _load_triggers(files: tuple[Path, ...]) -> dict[str, list[Trigger]]:
    import rdflib

    from kgraph.schema import load_schema

    properties = load_schema(files).properties
    out: dict[str, list[Trigger]] = {}
    for path in files:
        g = _parse(path)
        subjects = sorted({str(s) for s, _, o in g if str(o) == KG + "Trigger"})
        for s in subjects:
            node = rdflib.URIRef(s)
            unknown = sorted({str(p) for p in g.predicates(node) if str(p) not in _TRIGGER_PREDICATES})
            if unknown:
                raise OntologyError(f"{path}: trigger {s} has unknown properties {unknown}",
                                    fix=f"use only {sorted(_TRIGGER_PREDICATES)} (docs/extraction.md)")
            lang = str(g.value(node, rdflib.URIRef(KG + "lang")) or "")
            prop = g.value(node, rdflib.URIRef(KG + "property"))
            frame = str(g.value(node, rdflib.URIRef(KG + "frame")) or "active")
            conf = g.value(node, rdflib.URIRef(KG + "confidence"))
            marker = g.value(node, rdflib.URIRef(KG + "objectMarker"))
            forms = sorted({fold_phrase(str(f)) for f in g.objects(node, rdflib.URIRef(KG + "form"))} - {""})
            lemmas = tuple(sorted((pos, " ".join(str(v).split())) for pred, pos in _LEMMA_PREDICATES
                                  for v in g.objects(node, rdflib.URIRef(pred)) if str(v).strip()))
            if not lang or prop is None or not (forms or lemmas):
                raise OntologyError(f"{path}: trigger {s} needs kg:lang, kg:property and kg:form (or kg:verb / "
                                    "kg:noun)", fix="see docs/extraction.md for the lexicon format")
            if frame not in FRAMES:
                raise OntologyError(f"{path}: trigger {s} has the unknown kg:frame {frame!r}",
                                    fix=f"use one of {sorted(FRAMES)}")
            frames: list[tuple[str, str]] = []
            if lemmas:
                frames.append(("v" if any(pos == "verb" for pos, _ in lemmas) else "n", frame))
                if any(pos == "noun" for pos, _ in lemmas):
                    frames.append(("n", frame))
                for pred, code, default in _DERIVATION_FRAMES:
                    value = str(g.value(node, rdflib.URIRef(pred)) or default)
                    if value not in FRAMES | {"none"}:
                        raise OntologyError(f"{path}: trigger {s} has the unknown {_local(pred)} {value!r}",
                                            fix=f"use one of {sorted(FRAMES | {'none'})}")
                    if value != "none":
                        frames.append((code, value))
            elif any(True for _ in g.objects(node, rdflib.URIRef(KG + "after"))):
                raise OntologyError(f"{path}: trigger {s} has kg:after but no kg:verb or kg:noun",
                                    fix="kg:after says what follows a lemma; write the whole phrase as kg:form")
            after = fold_phrase(str(g.value(node, rdflib.URIRef(KG + "after")) or "")).split()
            if not str(prop).startswith(KG) or _local(str(prop)) not in properties:
                raise OntologyError(f"{path}: trigger {s} names {prop}, which is no relation property",
                                    fix="use one of the ten kg: properties or a sub-property declared with "
                                        "rdfs:subPropertyOf (in kgraph.ttl or in this file)")
            confidence = float(conf) if conf is not None else 0.7
            if not 0 <= confidence <= 1:
                raise OntologyError(f"{path}: trigger {s} has kg:confidence {conf}", fix="give a number in 0..1")
            out.setdefault(lang, []).append(
                Trigger(id=_local(s), lang=lang, property=_local(str(prop)), frame=frame, forms=tuple(forms),
                        confidence=confidence, object_marker=fold_phrase(str(marker)) if marker is not None else None,
                        lemmas=lemmas, frames=tuple(dict.fromkeys(frames)), after=tuple(after), source=str(path)))
    return out
