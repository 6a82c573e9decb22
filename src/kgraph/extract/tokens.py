"""The rules' working view of a sentence: tokens with folded forms, mention spans, trigger hits, the speaker and
the relations found so far. Plain Python objects, independent of spaCy; the components build them from the
``Doc`` and write the results back to ``doc.spans`` and ``doc._`` (see :mod:`kgraph.extract.components`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.gazetteer import Trigger

PUNCT = frozenset(".,،;؛:!?؟()[]{}«»\"“”'‘’-–—/…")
QUOTE_OPEN = frozenset("«“\"")
QUOTE_CLOSE = frozenset("»”\"")
CLAUSE_BREAK = frozenset(";؛:")
_PUNCT_CHARS = "".join(sorted(PUNCT))


@dataclass
class Tok:
    """One token: surface ``text``, character offsets in the document, folded ``norm``, the segmentation
    candidates ``variants`` (the folded form first; clitic-stripped forms after it) and the lexicon ``keys`` of
    its morphological readings (``"دعم/1:m"``: lexeme and derivation; empty without an analyser)."""

    i: int
    text: str
    start: int
    end: int
    norm: str
    variants: tuple[str, ...]
    in_quote: bool = False
    keys: frozenset[str] = frozenset()
    is_punct: bool = field(init=False, repr=False)  # every character is punctuation (set once, from text)

    def __post_init__(self) -> None:
        self.is_punct = not self.text.strip(_PUNCT_CHARS)


@dataclass
class Span:
    """A token range ``[i, j)`` of a sentence with what it names (``i == j``: an implied actor, e.g. the
    speaker's organisation for "we", which has no token of its own)."""

    i: int
    j: int
    key: str | None
    name: str
    cls: str
    rule: str
    role_of: int | None = None  # index into the sentence's span list of the organisation a person holds a post in
    lead_role: bool = False


@dataclass
class TriggerHit:
    """Tokens ``[i, j)`` that match a trigger; ``negated``/``hedged`` are set by the modality component."""

    i: int
    j: int
    trigger: Trigger
    negated: bool = False
    hedged: bool = False
    #: matched through a lemma (a lexicon key of the first token), not a listed word form
    lemma: bool = False


@dataclass
class RawRelation:
    """A relation between two spans of a sentence (indices into its span list)."""

    subj: int
    obj: int
    predicate: str
    hit: TriggerHit | None
    rule: str
    negated: bool
    hedged: bool
    confidence: float


@dataclass
class Speaker:
    """Who says a sentence: the speaker's name, gazetteer key and class, and the organisation they speak for."""

    span_name: str
    key: str | None
    cls: str
    org: Span | None  # the organisation the speaker speaks for (role_of), if known
    negated: bool = False  # a denial (نفى / denied): what the speaker says is negated
    covers_sentence: bool = False  # the attribution covers the whole sentence ("…, X said" / "according to X")


@dataclass
class Sentence:
    """One sentence as the components see it, filled in stage by stage.

    ``index`` is the sentence's number in the document (sentences made only of punctuation are counted but
    not analysed); ``spans`` the mentions, ``hits`` the trigger matches, ``speaker``/``speaker_idx`` who says it
    (and the index of the speaker's span), ``relations`` what the arguments component attached.
    """

    index: int
    toks: list[Tok]
    spans: list[Span] = field(default_factory=list)
    hits: list[TriggerHit] = field(default_factory=list)
    speaker: Speaker | None = None
    speaker_idx: int | None = None
    relations: list[RawRelation] = field(default_factory=list)
    #: entities of an installed spaCy pipeline in this sentence: (start, end, label), document offsets
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    #: whether the rules look at this sentence (it has a word)
    analysed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.analysed = not all(t.is_punct for t in self.toks)


def surface(toks: list[Tok], i: int, j: int) -> str:
    """The text of tokens ``[i, j)`` as written (one space where the document had any)."""
    out = ""
    for k in range(i, j):
        if k > i and toks[k - 1].end < toks[k].start:
            out += " "
        out += toks[k].text
    return out.strip()


def relocated(s: Span, i: int, j: int, rule: str) -> Span:
    """``s`` (same actor, name and class) at another token range, found by ``rule``."""
    return Span(i=i, j=j, key=s.key, name=s.name, cls=s.cls, rule=rule)


def clause_bounds(toks: list[Tok], i: int, j: int) -> tuple[int, int]:
    """The token range of the clause around ``[i, j)``: up to ``; ؛ :`` or a change of quotation."""
    lo = i
    while lo > 0 and toks[lo - 1].text not in CLAUSE_BREAK and toks[lo - 1].in_quote == toks[i].in_quote:
        lo -= 1
    hi = j
    while hi < len(toks) and toks[hi].text not in CLAUSE_BREAK and toks[hi].in_quote == toks[i].in_quote:
        hi += 1
    return lo, hi
