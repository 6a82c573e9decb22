"""Plain data handed from one stage to the next.

Every stage of kgraph (ingest → extract → resolve → graph) talks to the next through these
frozen dataclasses, and :class:`BuildResult` is what a build returns. They import nothing heavy: no spaCy,
no rdflib, no networkx (those types are named for the type checker only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NotRequired, TypedDict

if TYPE_CHECKING:
    from networkx import MultiDiGraph
    from rdflib import Dataset

#: The ten relation properties every graph uses (local names in the ``kg:`` namespace).
CORE_PROPERTIES: tuple[str, ...] = (
    "supports",
    "opposes",
    "threatens",
    "meets",
    "participatesIn",
    "memberOf",
    "leads",
    "locatedIn",
    "requests",
    "controls",
)

#: Actor classes (local names in the ``kg:`` namespace).
ACTOR_CLASSES: tuple[str, ...] = (
    "Actor",
    "Person",
    "Organization",
    "Government",
    "ArmedGroup",
    "Coalition",
    "Media",
    "Military",
    "Place",
    "Country",
    "Province",
    "City",
    "Facility",
    "Camp",
    "Prison",
    "Event",
    "Meeting",
    "Attack",
    "Group",
)


@dataclass(frozen=True)
class Document:
    """One article, decoded and cleaned.

    Attributes:
        id: stable identifier (hash of the source path or URL and the content).
        text: the main text, normalised to NFC, boilerplate removed.
        lang: ``"ar"`` or ``"en"`` (or another ISO 639-1 code).
        title: headline when known.
        date: ISO date (``YYYY-MM-DD``) when known.
        source: path or URL the text came from.
        content_hash: SHA-256 of ``text``.
    """

    id: str
    text: str
    lang: str
    source: str
    content_hash: str
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, and why."""

    source: str
    reason: str
    code: str


@dataclass(frozen=True)
class Mention:
    """A span of a document that names an actor, place, facility, event or group.

    ``key`` is the gazetteer id when the gazetteer knows the actor, else ``None``: the resolve stage
    mints an id from ``name``. ``name`` is the canonical surface form (title and clitics removed).
    """

    doc_id: str
    start: int
    end: int
    text: str
    name: str
    cls: str
    lang: str
    sentence: int
    key: str | None = None
    rule: str = "gazetteer"
    role_of: str | None = None


@dataclass(frozen=True)
class Relation:
    """One occurrence of a relation in one sentence.

    ``predicate`` is a local name in ``kg:`` (one of :data:`CORE_PROPERTIES` or a sub-property).
    Offsets (``sent_start``/``sent_end``) are character offsets of the evidence sentence in
    :attr:`Document.text`.
    """

    doc_id: str
    subject: Mention
    predicate: str
    object: Mention
    sentence: int
    sent_start: int
    sent_end: int
    evidence: str
    trigger: str
    rule: str
    speaker: Mention | None = None
    negated: bool = False
    hedged: bool = False
    confidence: float = 0.7
    place: Mention | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything the extractor found in one document."""

    document: Document
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Actor:
    """One real-world actor (or place, facility, event, group) after resolution."""

    id: str
    cls: str
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: frozenset[tuple[str, str]] = frozenset()
    code: str | None = None
    mention_count: int = 0
    documents: frozenset[str] = frozenset()
    merged_because: tuple[str, ...] = ()
    #: stories among ``documents`` (a story and its copies count once; :mod:`kgraph.dedup`); 0: not counted
    stories: int = 0
    #: documents that named it, byte-identical copies the build skipped included; 0: ``len(documents)``
    copies: int = 0
    #: the days an event happened on, as its texts say (``YYYY-MM-DD``; :mod:`kgraph.events`)
    dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assertion:
    """A relation between resolved actors, as asserted by one sentence.

    ``when`` is the day the sentence says it happened (``YYYY-MM-DD``, resolved against the report date:
    :mod:`kgraph.events`), None when it says none; the report date is the document's.
    """

    subject: str
    predicate: str
    object: str
    relation: Relation
    speaker: str | None = None
    place: str | None = None
    when: str | None = None


@dataclass(frozen=True)
class Merge:
    """Why two names became one actor: the evidence the resolver used (one record per link it made).

    ``names`` are the ``(text, lang)`` surface forms on both sides, ``merged`` the two provisional ids it
    joined, ``rule`` the identity rule (``"transliteration+organisation"``, ...), ``shared`` the ids of
    the context both sides had in common and ``reason`` a sentence saying so.
    """

    actor: str
    merged: tuple[str, str]
    names: tuple[tuple[str, str], ...]
    rule: str
    reason: str
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """A document that copies an earlier one (:mod:`kgraph.dedup`): ``kg:duplicateOf`` its ``original``.

    ``method`` is ``"near"`` (shingles: a re-post or a lightly edited copy) or ``"translation"`` (the same
    events and facts in another language); ``similarity`` what showed it: the Jaccard similarity of the shingles,
    or the share of the facts of the document stating fewer that the other states too.
    """

    document: str
    original: str
    method: str
    similarity: float


@dataclass(frozen=True)
class Corpus:
    """What the graph stage needs: documents, actors and assertions.

    ``duplicates`` are the documents that copy another (their assertions stay, counted once per story);
    ``exact_copies`` how many byte-identical copies of each document the build skipped (E109).
    """

    documents: tuple[Document, ...]
    actors: dict[str, Actor]
    assertions: tuple[Assertion, ...]
    skipped: tuple[Skipped, ...] = ()
    merges: tuple[Merge, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    exact_copies: dict[str, int] = field(default_factory=dict)


class DocumentCounts(TypedDict):
    """``report["documents"]``: documents read and skipped, words read, documents per language."""

    read: int
    skipped: int
    words: int
    by_language: dict[str, int]


class SkippedEntry(TypedDict):
    """One entry of ``report["skipped"]``: an input that was not read (see :class:`Skipped`)."""

    source: str
    reason: str
    code: str


class ActorCounts(TypedDict):
    """``report["actors"]``: actors (and places, facilities, events, groups) in the graph, per class."""

    total: int
    by_type: dict[str, int]


class RelationCounts(TypedDict):
    """``report["relations"]``: assertions (all, negated, hedged) and the facts they make, per property."""

    assertions: int
    negated: int
    hedged: int
    facts: int
    facts_by_property: dict[str, int]


class CopyEntry(TypedDict):
    """One entry of ``report["duplicates"]["copies"]``: a document (``source``) that copies ``original``."""

    source: str
    original: str
    method: str
    similarity: float


class DuplicateCounts(TypedDict):
    """``report["duplicates"]``: copies found (``near``: shingles; ``translations``: the same events and facts in
    another language; ``exact``: byte-identical, skipped as E109), the stories they copy, and each copy."""

    near: int
    translations: int
    exact: int
    stories_copied: int
    copies: list[CopyEntry]


class Timings(TypedDict):
    """``report["timings"]``: seconds of each stage of the build.

    ``load_seconds``: start-up (extractor, gazetteer, lexicons); ``extract_seconds``: reading and extracting
    the documents (``cache_seconds`` of it: writing the extraction cache); ``dedup_seconds``: finding
    near-duplicate documents; ``resolve_seconds``: resolving
    mentions to actors; ``graph_seconds``: the networkx projection; ``write_seconds``: writing every file,
    ``write_files_seconds`` per file (``triples``: rendering the documents' graphs into sorted runs). Wall-clock
    seconds, and ``cpu_seconds``: the CPU seconds of the process per stage (``extract``, ``resolve``, ``graph``,
    ``write``, and within writing ``triples`` and each file), which other load on the machine does not inflate.
    """

    load_seconds: float
    extract_seconds: float
    cache_seconds: NotRequired[float]
    dedup_seconds: NotRequired[float]
    resolve_seconds: NotRequired[float]
    graph_seconds: float
    write_seconds: NotRequired[float]
    write_files_seconds: NotRequired[dict[str, float]]
    cpu_seconds: NotRequired[dict[str, float]]


class IncrementalCounts(TypedDict):
    """``report["incremental"]``: documents extracted now, and taken from the extraction cache."""

    extracted: int
    from_cache: int


class OutputInfo(TypedDict):
    """Whether a build wrote its output folder (``written``), and why not (``reason``)."""

    written: bool
    reason: NotRequired[str]


class BuildReport(TypedDict):
    """What a build did, as written to ``report.json``."""

    kgraph_version: str
    documents: DocumentCounts
    skipped: list[SkippedEntry]
    actors: ActorCounts
    relations: RelationCounts
    duplicates: DuplicateCounts
    timings: Timings
    warnings: list[str]
    encodings: dict[str, str]
    incremental: NotRequired[IncrementalCounts]
    output: NotRequired[OutputInfo]


@dataclass(frozen=True)
class Fact:
    """One fact of the graph (a ``subject property object`` triple that some sentence asserts), as a row of
    ``edges.csv``.

    Attributes:
        subject: the subject's actor id (its IRI is ``kga:`` + id).
        property: the relation (a local name in ``kg:``: ``supports``, ``attacks``, ...).
        object: the object's actor id.
        subject_label: the subject's label (English, else Arabic, else the id).
        object_label: the object's label.
        support: sentences that assert it (not negated, not hedged), a story and its copies counted once
            (the sentences of the story's earliest document that asserts it).
        assertions: sentences that state it at all (negated and hedged ones too), copies counted once.
        documents: stories that assert it (a document and its copies are one story, :mod:`kgraph.dedup`).
        speakers: actor ids of the people or bodies it is attributed to, sorted.
        first_date: the earliest date of a document asserting it (``YYYY-MM-DD``), None when none is dated.
        last_date: the latest such date.
        evidence: the first sentence that asserts it (at most 500 characters).
        copies: documents that assert it, copies of a story included (``kg:copyCount``).
    """

    subject: str
    property: str
    object: str
    subject_label: str
    object_label: str
    support: int
    assertions: int
    documents: int
    speakers: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    evidence: str
    copies: int = 0


@dataclass(frozen=True, init=False)
class BuildResult:
    """What a build made: the data of :class:`kgraph.BuildResult` (:mod:`kgraph.result` adds what it can do).

    Attributes:
        corpus: the resolved documents, actors and assertions.
        dataset: the RDF dataset (facts, actors and provenance; one named graph per document), the graph of the
            files written. Made on first use (a build writes its files without it): give a ``Dataset``, or a
            function that makes it.
        graph: the networkx projection (edge key = property).
        report: what the build did (the content of ``report.json``).
    """

    corpus: Corpus
    graph: MultiDiGraph[str]
    report: BuildReport

    def __init__(self, corpus: Corpus, dataset: Dataset | Callable[[], Dataset], graph: MultiDiGraph[str],
                 report: BuildReport, *, schema: object = None) -> None:
        object.__setattr__(self, "corpus", corpus)
        object.__setattr__(self, "graph", graph)
        object.__setattr__(self, "report", report)
        object.__setattr__(self, "_dataset", dataset)
        object.__setattr__(self, "_schema", schema)  # the kgraph.schema.Schema the build used (kgraph.result)

    @property
    def dataset(self) -> Dataset:
        """The RDF dataset, made on first use and kept."""
        made = self.__dict__["_dataset"]
        if callable(made):
            made = made()
            object.__setattr__(self, "_dataset", made)
        return made  # type: ignore[no-any-return]
