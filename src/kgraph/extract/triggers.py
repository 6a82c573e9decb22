"""Trigger matching: the lexicon's word forms (``kg:form``), indexed by their first folded token.

A form matches a token sequence when each of its tokens is one of the segmentation candidates of the
corresponding token (brackets inside a form are skipped); the longest form wins, and matches do not overlap.
"""

from __future__ import annotations

from kgraph.extract.tokens import Tok, TriggerHit
from kgraph.gazetteer import Trigger


class TriggerIndex:
    """Trigger forms of one language, indexed by their first folded token."""

    def __init__(self, triggers: list[Trigger]) -> None:
        self.by_first: dict[str, list[tuple[list[str], Trigger]]] = {}
        for trig in triggers:
            for form in trig.forms:
                parts = form.split()
                self.by_first.setdefault(parts[0], []).append((parts, trig))
        for lst in self.by_first.values():
            lst.sort(key=lambda pt: -len(pt[0]))

    def find(self, toks: list[Tok]) -> list[TriggerHit]:
        """The trigger matches of one sentence, left to right."""
        hits: list[TriggerHit] = []
        k = 0
        while k < len(toks):
            found: TriggerHit | None = None
            for first in toks[k].variants:
                for parts, trig in self.by_first.get(first, ()):
                    j = k + 1
                    ok = True
                    for part in parts[1:]:
                        while j < len(toks) and toks[j].is_punct and toks[j].text in "()":
                            j += 1
                        if j >= len(toks) or part not in toks[j].variants:
                            ok = False
                            break
                        j += 1
                    if ok and (found is None or j > found.j):
                        found = TriggerHit(k, j, trig)
                if found:
                    break
            if found:
                hits.append(found)
                k = found.j
            else:
                k += 1
        return hits
