"""Trigger matching: the lexicon's word forms (``kg:form``), indexed by their first folded token, and its lemma
entries (``kg:verb`` / ``kg:noun``), indexed by lexicon key.

A form matches a token sequence when each of its tokens is one of the segmentation candidates of the
corresponding token (brackets inside a form are skipped). A lemma entry matches a token one of whose readings has
one of the entry's keys (``"دعم/1:m"``: lexeme and derivation, see the language's analyser), followed by the
entry's ``after`` words (each matched as a candidate form or through its own readings). The longest match wins,
then a listed form over a lemma, then a verb reading over a verbal noun over a noun over a participle; matches do
not overlap.
"""

from __future__ import annotations

from kgraph.extract.tokens import Tok, TriggerHit
from kgraph.gazetteer import Trigger

#: preference among lemma matches of one token, by derivation (the part of a key after ":")
_RANK = {"v": 0, "m": 1, "n": 2, "ap": 3, "pp": 4, "x": 5}


class TriggerIndex:
    """Trigger forms of one language, indexed by their first folded token, and lemma triggers by key."""

    def __init__(self, triggers: list[Trigger]) -> None:
        self.by_first: dict[str, list[tuple[list[str], Trigger]]] = {}
        self.by_key: dict[str, list[Trigger]] = {}
        for trig in triggers:
            for form in trig.forms:
                parts = form.split()
                self.by_first.setdefault(parts[0], []).append((parts, trig))
            for key in trig.keys:
                self.by_key.setdefault(key, []).append(trig)
        for lst in self.by_first.values():
            lst.sort(key=lambda pt: -len(pt[0]))

    def find(self, toks: list[Tok]) -> list[TriggerHit]:
        """The trigger matches of one sentence, left to right."""
        hits: list[TriggerHit] = []
        by_key = self.by_key
        k = 0
        while k < len(toks):
            found: TriggerHit | None = None
            for first in toks[k].variants:
                for parts, trig in self.by_first.get(first, ()):
                    j = _follow(toks, k + 1, parts[1:], ())
                    if j is not None and (found is None or j > found.j):
                        found = TriggerHit(k, j, trig)
                if found:
                    break
            if by_key and toks[k].keys:
                rank = 99
                for key in toks[k].keys:
                    for trig in by_key.get(key, ()):
                        j = _follow(toks, k + 1, trig.after, trig.after_keys)
                        r = _RANK.get(key.rpartition(":")[2], 9)
                        if j is not None and (found is None or j > found.j or (found.lemma and j == found.j
                                                                                and r < rank)):
                            found, rank = TriggerHit(k, j, trig, lemma=True), r
            if found:
                hits.append(found)
                k = found.j
            else:
                k += 1
        return hits


def _follow(toks: list[Tok], j: int, words: tuple[str, ...] | list[str],
            keys: tuple[frozenset[str], ...]) -> int | None:
    """The end of a match whose further ``words`` follow from token ``j`` (brackets skipped), or None.
    A word matches a token's segmentation candidates, or (``keys``) shares a lexicon key with the token."""
    for n, part in enumerate(words):
        while j < len(toks) and toks[j].is_punct and toks[j].text in "()":
            j += 1
        if j >= len(toks):
            return None
        tok = toks[j]
        if part not in tok.variants and not (n < len(keys) and keys[n] & tok.keys):
            return None
        j += 1
    return j
