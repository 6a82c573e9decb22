"""Language plug-ins: what a language brings to the shared pipeline.

A plug-in is an object matching :class:`LanguagePlugin`, registered in :data:`kgraph.registry.languages` under a
versioned name (``"kgraph.lang.ar.v1"``), directly or through the ``kgraph_languages`` entry-point group. It
holds a folder of data (``config.cfg``, ``language.json``, optional ``lexicon.ttl`` / ``actors.ttl``) and only
the code that is truly language-specific:

* ``variants(folded)``: segmentation candidates of a token (Arabic strips proclitics);
* ``match_form(tok)`` / ``accept_match(toks, i, j)``: how a gazetteer name continues over tokens, and which
  matches count (English one-word names must be capitalised);
* ``rules(env)``: a fresh :class:`DocumentRules` per document — the rules of the four rule stages
  (``mentions``, ``attribution``, ``modality``, ``arguments``), each called once per sentence, in order;
* ``analyser(lexicon_files)``: the language's morphological analyser (:class:`TokenAnalyser`: a lemma and lexicon
  keys per token, lemma triggers resolved to keys), or None — then ``kg:verb`` / ``kg:noun`` triggers are an error.

:class:`DataLanguage` is a complete plug-in from data alone: the shared, data-driven rules of
:mod:`kgraph.extract.generic`. A new language starts as a ``DataLanguage`` over a folder of word lists and a
trigger lexicon, and adds code only where its data cannot say enough (see ``docs/extraction.md``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from kgraph.extract.data import LanguageData, load_language_data
from kgraph.extract.environment import Environment
from kgraph.extract.generic import GenericRules
from kgraph.extract.tokens import Sentence, Tok
from kgraph.gazetteer import Trigger

#: The spaCy config used by a plug-in whose folder has none (the shared components, data-driven rules).
DEFAULT_CONFIG = Path(__file__).resolve().parent / "default.cfg"


class TokenAnalyser(Protocol):
    """A language's morphological analyser, as the components use it (Arabic: :mod:`kgraph.extract.lang.ar.analysis`).
    """

    def token(self, folded: str) -> tuple[str, frozenset[str]]:
        """The lemma and the lexicon keys (``"دعم/1:m"``) of a folded token."""
        ...

    def readings(self, folded: str) -> tuple[object, ...]:
        """Every reading of a folded token, best first (what ``token._.kgraph_morph`` shows)."""
        ...

    def resolve(self, triggers: Sequence[Trigger]) -> list[Trigger]:
        """The triggers with their lemma entries (``kg:verb`` / ``kg:noun``) turned into lexicon keys.

        Raises:
            OntologyError: a lemma the analyser cannot read (file, trigger and spec named).
        """
        ...


class DocumentRules(Protocol):
    """The rules of one document. Each method is called once per analysed sentence, in document order, by the
    component of the same stage; they fill in the :class:`~kgraph.extract.tokens.Sentence`."""

    def mentions(self, sent: Sentence) -> None:
        """Add the mentions the gazetteer (and any mention model) did not give to ``sent.spans``."""

    def attribution(self, sent: Sentence) -> None:
        """Set ``sent.speaker`` / ``sent.speaker_idx``; add first-person spans ("we" → the speaker's
        organisation)."""

    def modality(self, sent: Sentence) -> None:
        """Set ``negated`` / ``hedged`` on every trigger hit of ``sent.hits``."""

    def arguments(self, sent: Sentence) -> None:
        """Attach subjects and objects: fill ``sent.relations`` (may add helper spans to ``sent.spans``)."""


@runtime_checkable
class LanguagePlugin(Protocol):
    """A language for the extraction pipeline (see the module docstring)."""

    #: the language code documents carry (``Document.lang``)
    code: str
    #: the data the shared components read
    data: LanguageData

    def config_path(self) -> Path:
        """The spaCy config of the language's pipeline."""
        ...

    def lexicon_files(self) -> tuple[Path, ...]:
        """Trigger lexicons (Turtle) that belong to the language."""
        ...

    def actor_files(self) -> tuple[Path, ...]:
        """Gazetteer files (Turtle) that belong to the language (the shared gazetteer is always loaded)."""
        ...

    def variants(self, folded: str) -> tuple[str, ...]:
        """Segmentation candidates of a folded token, the token itself first."""
        ...

    def match_form(self, tok: Tok) -> str:
        """The form of ``tok`` that continues a multi-token gazetteer name."""
        ...

    def accept_match(self, toks: Sequence[Tok], i: int, j: int) -> bool:
        """Whether the gazetteer match of tokens ``[i, j)`` names the actor here."""
        ...

    def rules(self, env: Environment) -> DocumentRules:
        """Fresh rules (and document state) for one document."""
        ...

    def analyser(self, lexicon_files: tuple[Path, ...]) -> TokenAnalyser | None:
        """The morphological analyser over these trigger lexicons (their lemmas are added to what it knows), or
        None when the language has none."""
        ...


class DataLanguage:
    """A language plug-in from a folder of data alone; the base class of the shipped languages.

    The folder holds ``language.json`` (:mod:`kgraph.extract.data`), and optionally ``config.cfg`` (else the
    shared default config), ``lexicon.ttl`` (triggers) and ``actors.ttl`` (gazetteer entries).

    Args:
        code: the language code of documents (``"ar"``).
        folder: the plug-in's data folder.
        spacy_lang: the spaCy language class of the tokenizer (default: ``code``; ``"xx"`` for any script).
    """

    #: word lists, phrases and maps the plug-in's own rules read (besides the shared ones)
    own_words: frozenset[str] = frozenset()
    own_phrases: frozenset[str] = frozenset()
    own_maps: frozenset[str] = frozenset()

    def __init__(self, code: str, folder: Path, *, spacy_lang: str | None = None) -> None:
        self.code = code
        self.folder = Path(folder)
        self.spacy_lang = spacy_lang or code

    @functools.cached_property
    def data(self) -> LanguageData:
        return load_language_data(self.folder / "language.json", words=self.own_words, phrases=self.own_phrases,
                                  maps=self.own_maps)

    def config_path(self) -> Path:
        own = self.folder / "config.cfg"
        return own if own.exists() else DEFAULT_CONFIG

    def lexicon_files(self) -> tuple[Path, ...]:
        own = self.folder / "lexicon.ttl"
        return (own,) if own.exists() else ()

    def actor_files(self) -> tuple[Path, ...]:
        own = self.folder / "actors.ttl"
        return (own,) if own.exists() else ()

    def variants(self, folded: str) -> tuple[str, ...]:
        return (folded,)

    def match_form(self, tok: Tok) -> str:
        return tok.norm

    def accept_match(self, toks: Sequence[Tok], i: int, j: int) -> bool:
        return True

    def rules(self, env: Environment) -> DocumentRules:
        return GenericRules(self.data, env)

    def analyser(self, lexicon_files: tuple[Path, ...]) -> TokenAnalyser | None:
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {str(self.folder)!r})"


__all__ = ["DEFAULT_CONFIG", "DataLanguage", "DocumentRules", "Environment", "LanguagePlugin", "TokenAnalyser"]
