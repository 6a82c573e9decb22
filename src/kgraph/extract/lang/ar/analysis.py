"""The Arabic analysis layer as the pipeline uses it: the analyser of :mod:`.morph` over the shipped lexemes and
the lemmas of the trigger lexicons, a per-token lemma and lexicon keys (cached per folded form), and lemma
triggers resolved to keys.

A trigger lexicon entry names lemmas (``kg:verb "دعم يدعم دعم"``, ``kg:noun "هجوم هجمات"``); each becomes one
key per derivation the entry's frames allow (``دعم/1:v`` finite verb, ``دعم/1:m`` verbal noun, ``دعم/1:ap`` /
``دعم/1:pp`` participles, ``هجوم:n`` noun), and a token matches when one of its readings has the key. One entry
so covers every person, number, tense, mood, the verbal noun and participles, definite or not, with or without a
clitic or a pronoun suffix::

    >>> from kgraph.extract.lang.ar.analysis import LexiconAnalyser
    >>> a = LexiconAnalyser(())
    >>> a.token("وباستهدافهم")
    ('استهداف', frozenset({'هدف/10:m'}))
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path

from kgraph.errors import LanguageDataError, OntologyError
from kgraph.gazetteer import Trigger, load_triggers
from kgraph.ingest.normalize import fold

from . import morph

#: distinct folded tokens whose (lemma, keys) are kept (bounded memory)
_CACHE_MAX = 200_000
#: which lexeme derivations a frame code of a trigger covers, by part of speech
_CODES = {"verb": ("v", "m", "ap", "pp"), "noun": ("n",)}


class LexiconAnalyser:
    """The Arabic :class:`~kgraph.extract.plugin.TokenAnalyser`: shipped lexemes plus the lemmas of the shipped
    trigger lexicon and of the lexicons ``files`` (those with ``kg:lang "ar"``).

    Raises:
        OntologyError: a trigger's lemma cannot be read (the file, the trigger and the spec are named).
    """

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = tuple(Path(f) for f in files)
        # the shipped lexicon's lemmas as well as the user's (load_triggers reads both)
        triggers = load_triggers(self.files).get("ar", [])
        self._lexemes: dict[tuple[str, str], morph.Lexeme] = {}
        extra = [self._lexeme(t, pos, spec) for t in triggers for pos, spec in t.lemmas]
        self.morph = morph.Analyser([*morph.load_lexemes(), *extra])
        self._cache: dict[str, tuple[str, frozenset[str]]] = {}

    def _lexeme(self, trig: Trigger, pos: str, spec: str) -> morph.Lexeme:
        hit = self._lexemes.get((pos, spec))
        if hit is None:
            try:
                hit = morph.parse_lexeme(pos, spec)
            except LanguageDataError as exc:
                raise OntologyError(f"{trig.source}: trigger {trig.id}: kg:{pos} {spec!r}: {exc.message}",
                                    fix=exc.fix or "see docs/extraction-ar.md, 'Lemma triggers'") from exc
            self._lexemes[(pos, spec)] = hit
        return hit

    def token(self, folded: str) -> tuple[str, frozenset[str]]:
        """The lemma of the best reading and the keys of every known reading of a folded token."""
        hit = self._cache.get(folded)
        if hit is None:
            readings = self.morph.analyse(folded)
            hit = (readings[0].lemma, frozenset(r.key for r in readings if r.known))
            if len(self._cache) < _CACHE_MAX:
                self._cache[folded] = hit
        return hit

    def readings(self, folded: str) -> tuple[morph.Analysis, ...]:
        """Every reading of a folded token, best first."""
        return self.morph.analyse(folded)

    def resolve(self, triggers: Sequence[Trigger]) -> list[Trigger]:
        """Lemma triggers with their keys: one trigger per frame its derivations take (a verb's finite forms
        ``active``, its verbal noun ``nominal`` …); triggers without lemmas unchanged."""
        out: list[Trigger] = []
        for trig in triggers:
            if not trig.lemmas:
                out.append(trig)
                continue
            by_frame: dict[str, list[str]] = {}
            for pos, spec in trig.lemmas:
                lex = self._lexeme(trig, pos, spec)
                for code, frame in trig.frames:
                    if code in _CODES[pos]:
                        by_frame.setdefault(frame, []).append(f"{lex.key}:{code}")
            after_keys = tuple(self.token(fold(w))[1] for w in trig.after)
            if trig.forms:
                out.append(dataclasses.replace(trig, lemmas=(), keys=()))
            for frame, keys in by_frame.items():
                out.append(dataclasses.replace(trig, frame=frame, forms=(), keys=tuple(dict.fromkeys(keys)),
                                               after_keys=after_keys))
        return out


@functools.lru_cache(maxsize=8)
def lexicon_analyser(files: tuple[Path, ...]) -> LexiconAnalyser:
    """The analyser over these lexicon files (one per set of files, shared by the components of a pipeline)."""
    return LexiconAnalyser(files)


__all__ = ["LexiconAnalyser", "lexicon_analyser"]
