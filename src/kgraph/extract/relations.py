"""Relations between the actors of a sentence, from trigger words and the frame each trigger declares.

Frames (``kg:frame`` in the lexicon):

``active``     SUBJ trigger OBJ (SVO); Arabic verb-first sentences also trigger SUBJ OBJ (VSO)
``nominal``    a noun or preposition: SUBJ … trigger OBJ ("support for X", "الضغط على X", "ضد X")
``passive``    OBJ trigger SUBJ ("was attacked by X", "بقيادة X" → X leads what precedes)
``symmetric``  SUBJ trigger OBJ, or "X and Y met"
``located``    EVENT/FACILITY/ACTOR … trigger PLACE ("held in", "عقد في")
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from kgraph.extract.tokens import CLAUSE_BREAK, Span, Tok
from kgraph.gazetteer import Trigger

PLACE_CLASSES = frozenset({"Place", "Country", "Province", "City"})
LOCATABLE = frozenset({"Meeting", "Event", "Attack", "Facility", "Camp", "Prison"})
MAX_LEFT = 14
MAX_RIGHT = 10


@dataclass
class TriggerHit:
    i: int
    j: int
    trigger: Trigger


@dataclass
class RawRelation:
    subj: int  # index into spans
    obj: int
    predicate: str
    hit: TriggerHit | None
    rule: str
    negated: bool
    hedged: bool
    confidence: float


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


def _clause_bounds(toks: list[Tok], i: int, j: int) -> tuple[int, int]:
    lo = i
    while lo > 0 and toks[lo - 1].text not in CLAUSE_BREAK and toks[lo - 1].in_quote == toks[i].in_quote:
        lo -= 1
    hi = j
    while hi < len(toks) and toks[hi].text not in CLAUSE_BREAK and toks[hi].in_quote == toks[i].in_quote:
        hi += 1
    return lo, hi


def _cue_before(toks: list[Tok], i: int, cues: frozenset[str], window: int) -> bool:
    k = i - 1
    while k >= 0 and i - k <= window:
        t = toks[k]
        if t.text in CLAUSE_BREAK or t.text in (",", "،"):
            break
        if any(v in cues for v in t.variants[:2]):
            return True
        k -= 1
    return False


def _double_negated(toks: list[Tok], i: int, lang_mod: ModuleType) -> bool:
    window = " ".join(t.norm for t in toks[max(0, i - 8):i])
    return any(phrase in window for phrase in lang_mod.DOUBLE_NEGATION)


def relations_in_sentence(toks: list[Tok], spans: list[Span], hits: list[TriggerHit], lang_mod: ModuleType,
                          *, lang: str) -> list[RawRelation]:
    """Attach subjects and objects to every trigger of one sentence."""
    out: list[RawRelation] = []
    for hit in hits:
        lo, hi = _clause_bounds(toks, hit.i, hit.j)
        left = [n for n, s in enumerate(spans) if lo <= s.i and s.j <= hit.i and hit.i - s.j <= MAX_LEFT]
        right = [n for n, s in enumerate(spans) if hit.j <= s.i and s.j <= hi and s.i - hit.j <= MAX_RIGHT]
        left.sort(key=lambda n: -spans[n].j)
        right.sort(key=lambda n: spans[n].i)
        frame = hit.trigger.frame
        pairs: list[tuple[int, int]] = []
        if frame == "located":
            # only events, meetings and facilities are placed by a bare preposition; "Coalition ... in Iraq"
            # says where something happened, not where the coalition is
            obj = next((n for n in right if spans[n].cls in PLACE_CLASSES and spans[n].i - hit.j <= 2), None)
            subj = next((n for n in left if spans[n].cls in LOCATABLE and hit.i - spans[n].j <= 8), None)
            if subj is None and obj is not None and left and spans[left[0]].cls in ("City", "Province") \
                    and spans[obj].cls in ("Province", "Country") and hit.i - spans[left[0]].j <= 1:
                subj = left[0]
            if subj is not None and obj is not None:
                pairs.append((subj, obj))
        elif frame == "passive":
            subj = next(iter(right), None)
            obj = next(iter(left), None)
            if subj is not None and obj is not None:
                pairs.append((subj, obj))
        else:
            obj = next((n for n in right if spans[n].cls not in PLACE_CLASSES or hit.trigger.property in
                        ("controls", "meets", "supports", "opposes", "threatens", "locatedIn")), None)
            subj = next(iter(left), None)
            if subj is None and lang == "ar" and frame in ("active", "symmetric") and len(right) >= 2:
                subj, obj = right[0], right[1]
            if subj is not None and obj is not None and subj != obj:
                pairs.append((subj, obj))
                # coordination: "X and Y" on either side
                pairs.extend(_coordinated(toks, spans, left, subj, obj, right, lang_mod))
        negated = (_cue_before(toks, hit.i, lang_mod.NEGATIONS, 4) and not _double_negated(toks, hit.i, lang_mod))
        hedged = _cue_before(toks, hit.i, lang_mod.HEDGES, 5)
        for subj, obj in pairs:
            if spans[subj].key is not None and spans[subj].key == spans[obj].key:
                continue
            if spans[subj].cls in PLACE_CLASSES and hit.trigger.property not in ("locatedIn", "supports",
                                                                                   "opposes", "meets"):
                continue
            out.append(RawRelation(subj=subj, obj=obj, predicate=hit.trigger.property, hit=hit,
                                   rule=f"{hit.trigger.id}:{frame}", negated=negated, hedged=hedged,
                                   confidence=hit.trigger.confidence))
    return out


def _coordinated(toks: list[Tok], spans: list[Span], left: list[int], subj: int, obj: int, right: list[int],
                 lang_mod: ModuleType) -> list[tuple[int, int]]:
    extra: list[tuple[int, int]] = []
    # objects: OBJ and OBJ2
    for n in right:
        if n == obj or spans[n].i <= spans[obj].i:
            continue
        between = toks[spans[obj].j:spans[n].i]
        if (between and all(t.norm in ("and", "و", ",", "،") for t in between)) or (
                not between and toks[spans[n].i].text.startswith("و")):
            extra.append((subj, n))
            obj = n
        else:
            break
    return extra


def role_relations(spans: list[Span]) -> list[RawRelation]:
    """memberOf / leads from titles: "رئيس أركان X NAME" → NAME memberOf X; "commander of X" → leads."""
    out: list[RawRelation] = []
    for n, s in enumerate(spans):
        if s.role_of is None:
            continue
        pred = "leads" if s.lead_role else "memberOf"
        out.append(RawRelation(subj=n, obj=s.role_of, predicate=pred, hit=None, rule=f"title:{pred}",
                               negated=False, hedged=False, confidence=0.8))
    return out
