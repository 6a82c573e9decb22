"""English lemmas for the trigger lexicon: the :class:`~kgraph.extract.plugin.TokenAnalyser` of English.

A trigger may name verbs and nouns by lemma (``kg:verb "eradicate", "empower"``, ``kg:noun "attack"`` in
``ontologies/lexicon/en.ttl``); one entry then matches every inflection: ``eradicates``, ``eradicated``,
``eradicating``; ``empowers``, ``empowering``; ``stopped``; ``carries``, ``carried``. A token's candidate
lemmas come from regular English inflection (``-s``/``-es``/``-ies``, ``-ed``/``-ied`` with a doubled final
consonant or a dropped ``e``, ``-ing``) and a table of irregular forms (``irregular_verbs`` in ``rules.json``:
``struck`` → ``strike``); only candidates that some trigger names become lexicon keys (``"eradicate:v"``,
``"attack:n"``), so over-generation costs nothing. A verb key is matched by the base form and every inflection
(the rules read voice from "by" and the auxiliaries); a noun key by the singular and the plural.

    >>> sorted(candidates("eradicated"))
    ['eradicat', 'eradicate', 'eradicated']
    >>> sorted(candidates("stopping"))
    ['stop', 'stopp', 'stoppe', 'stopping']
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path

from kgraph.gazetteer import Trigger, load_triggers

from .words import W

_VOWELS = frozenset("aeiou")


def candidates(folded: str) -> frozenset[str]:
    """Every lemma ``folded`` may be an inflection of, by regular English morphology and the irregular table
    (``folded`` itself included)."""
    out = {folded}
    irregular = W.maps["irregular_verbs"].get(folded)
    if irregular:
        out.add(irregular)
    n = len(folded)
    if n > 3 and folded.endswith("s") and not folded.endswith("ss"):
        out.add(folded[:-1])
        if folded.endswith("es"):
            out.add(folded[:-2])
        if folded.endswith("ies"):
            out.add(folded[:-3] + "y")
    for suffix in ("ed", "ing"):
        if n > len(suffix) + 2 and folded.endswith(suffix):
            stem = folded[: -len(suffix)]
            out.update((stem, stem + "e"))
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                out.add(stem[:-1])  # stopped → stop
            if suffix == "ed" and stem.endswith("i"):
                out.add(stem[:-1] + "y")  # carried → carry
    return frozenset(out)


class EnglishLemmas:
    """Lemma keys of folded English tokens, for the lemmas the trigger lexicons name."""

    def __init__(self, lexicon_files: tuple[Path, ...]) -> None:
        triggers = load_triggers(lexicon_files).get("en", [])
        self.verbs = frozenset(w for t in triggers for pos, spec in t.lemmas if pos == "verb" for w in spec.split())
        self.nouns = frozenset(w for t in triggers for pos, spec in t.lemmas if pos == "noun" for w in spec.split())

    def token(self, folded: str) -> tuple[str, frozenset[str]]:
        """The lemma and the lexicon keys (``"support:v"``) of a folded token."""
        cands = candidates(folded) if folded.isalpha() else frozenset({folded})
        keys = frozenset({f"{c}:v" for c in cands if c in self.verbs} | {f"{c}:n" for c in cands if c in self.nouns})
        lemma = min((k.partition(":")[0] for k in keys), key=len, default=folded)
        return lemma, keys

    def readings(self, folded: str) -> tuple[object, ...]:
        """The lexicon keys of a folded token (``token._.kgraph_morph``)."""
        return tuple(sorted(self.token(folded)[1]))

    def resolve(self, triggers: Sequence[Trigger]) -> list[Trigger]:
        """Lemma triggers with their keys: a verb's keys take the trigger's frame; listed forms stay a trigger of
        their own (a listed form wins over a lemma match of the same length)."""
        out: list[Trigger] = []
        for trig in triggers:
            if not trig.lemmas:
                out.append(trig)
                continue
            keys = [f"{w}:{'v' if pos == 'verb' else 'n'}" for pos, spec in trig.lemmas for w in spec.split()]
            if trig.forms:
                out.append(dataclasses.replace(trig, lemmas=(), keys=()))
            out.append(dataclasses.replace(trig, forms=(), keys=tuple(dict.fromkeys(keys)),
                                           after_keys=tuple(self.token(w)[1] for w in trig.after)))
        return out


@functools.lru_cache(maxsize=8)
def english_lemmas(files: tuple[Path, ...]) -> EnglishLemmas:
    """The analyser over these lexicon files (one per set of files, shared by the components of a pipeline)."""
    return EnglishLemmas(files)


__all__ = ["EnglishLemmas", "candidates", "english_lemmas"]
