"""The extractor's view of a sentence: tokens with folded forms, independent of spaCy."""

from __future__ import annotations

from dataclasses import dataclass, field

PUNCT = frozenset(".,،;؛:!?؟()[]{}«»\"“”'‘’-–—/…")
QUOTE_OPEN = frozenset("«“\"")
QUOTE_CLOSE = frozenset("»”\"")
CLAUSE_BREAK = frozenset(";؛:")
_PUNCT_CHARS = "".join(sorted(PUNCT))


@dataclass
class Tok:
    """One token: surface ``text``, character offsets in the document, folded ``norm``."""

    i: int
    text: str
    start: int
    end: int
    norm: str
    variants: list[str]
    in_quote: bool = False
    is_punct: bool = field(init=False, repr=False)  # every character is punctuation (set once, from text)

    def __post_init__(self) -> None:
        self.is_punct = not self.text.strip(_PUNCT_CHARS)


@dataclass
class Span:
    """A token range ``[i, j)`` of a sentence with what it names."""

    i: int
    j: int
    key: str | None
    name: str
    cls: str
    rule: str
    role_of: int | None = None  # index into the sentence's span list of the organisation a person holds a post in
    lead_role: bool = False


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
