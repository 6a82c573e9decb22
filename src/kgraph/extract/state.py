"""What kgraph's components leave on a spaCy ``Doc``, and the working state they share while it is processed.

Public results (documented in ``docs/extraction.md``):

``doc.spans["kgraph_mentions"]``   mentions: ``label_`` = class (``Person``, ``ArmedGroup``), ``kb_id_`` = gazetteer key
``doc.spans["kgraph_triggers"]``   trigger matches: ``label_`` = property (``attacks``), ``kb_id_`` = trigger id
``doc.spans["kgraph_sentences"]``  the sentences the rules read
``doc._.kgraph_mentions``           the same mentions as :class:`kgraph.model.Mention` (canonical name, rule, sentence)
``doc._.kgraph_relations``          the relations, as :class:`kgraph.model.Relation` (frozen dataclasses)

Internal: ``doc._.kgraph_state`` (:class:`DocumentState`, the rules' working view, rebuilt for every ``Doc``)
and ``doc._.kgraph_session`` (:class:`Session`: what carries over between the pieces of a very long document,
set by :class:`kgraph.extract.Extractor`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgraph.extract.plugin import DocumentRules, Environment, LanguagePlugin, TokenAnalyser
from kgraph.extract.tokens import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

MENTIONS = "kgraph_mentions"
TRIGGERS = "kgraph_triggers"
SENTENCES = "kgraph_sentences"


@dataclass
class Session:
    """What one document's pieces share when it is processed as several ``Doc`` objects (a very long text).

    ``doc_id`` is the document id the relations carry; ``offset`` the character offset of the current piece in
    the document; ``next_sentence`` the number of the piece's first sentence; ``rules`` the document's rules
    (created by the first piece).
    """

    doc_id: str = ""
    offset: int = 0
    next_sentence: int = 0
    rules: DocumentRules | None = None


@dataclass
class DocumentState:
    """The components' shared working state for one ``Doc``."""

    plugin: LanguagePlugin
    session: Session
    texts: list[str] = field(default_factory=list)                  # the text of every token of the Doc
    starts: list[int] = field(default_factory=list)                 # the character offset of every token
    spaces: list[bool] = field(default_factory=list)                # whether a space follows the token
    norms: list[str] = field(default_factory=list)                  # folded form of every token
    variants: list[tuple[str, ...]] = field(default_factory=list)   # segmentation candidates of every token
    keys: list[frozenset[str]] = field(default_factory=list)        # lexicon keys of every token (with an analyser)
    analyser: TokenAnalyser | None = None                           # the language's analyser (token._.kgraph_morph)
    sentences: list[Sentence] = field(default_factory=list)
    token_index: list[list[int]] = field(default_factory=list)      # per sentence: Tok index → Doc token index
    segmented: bool = False  # kgraph_sentences has run

    @functools.cached_property
    def text(self) -> str:
        """The text of the Doc (as ``doc.text``, without making a Token object per token)."""
        return "".join(t + " " if sp else t for t, sp in zip(self.texts, self.spaces, strict=True))

    @property
    def offset(self) -> int:
        return self.session.offset

    def rules(self, env: Environment) -> DocumentRules:
        """The document's rules (made on first use; shared with the other pieces of the document)."""
        if self.session.rules is None:
            self.session.rules = self.plugin.rules(env)
        return self.session.rules


def register_extensions() -> None:
    """Register the ``Doc`` extensions (idempotent)."""
    from spacy.tokens import Doc

    for name, default in (("kgraph_mentions", ()), ("kgraph_relations", ()), ("kgraph_state", None),
                          ("kgraph_session", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def state_of(doc: Doc, component: str) -> DocumentState:
    """The working state the first kgraph components left on ``doc``.

    Raises:
        ValueError: ``kgraph_normalizer``, ``kgraph_analysis`` and ``kgraph_sentences`` did not run first.
    """
    state = doc._.kgraph_state
    if not isinstance(state, DocumentState) or not state.segmented:
        raise ValueError(f"{component}: add kgraph_normalizer, kgraph_analysis and kgraph_sentences before it "
                         "(see docs/extraction.md)")
    return state


__all__ = ["MENTIONS", "SENTENCES", "TRIGGERS", "DocumentState", "Session", "register_extensions", "state_of"]
