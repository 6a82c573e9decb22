"""The rules of a language that has only data: what :class:`~kgraph.extract.plugin.DataLanguage` uses.

Every rule reads the language's word lists (``language.json``) and the trigger lexicon's frames; none knows a
word of any language. They are deliberately simple — a new language gets a working pipeline from a dozen words
of data, and adds its own rules where these fall short (as Arabic and English do):

* **mentions**: a title (``titles``) followed by one to three name words (not ``stop`` words; capitalised where
  the script has case) is a person; a later occurrence of a person's last name alone is that person;
* **attribution**: a speech verb (``speech_verbs``) with an actor right after or right before it names the
  speaker of the sentence; a continuation verb (``continue_verbs``) with none continues the last speaker; a
  denial (``negated_speech``) negates what is said; first-person words (``first_person``) inside a quotation
  are the speaker's organisation;
* **modality**: a negation cue (``negations``) up to four words before a trigger negates it unless a
  ``double_negation`` phrase cancels it; a hedge (``hedges``) up to five words before it hedges it;
* **arguments**: the trigger's frame (``kg:frame``) places its arguments inside the clause — ``active`` /
  ``nominal`` / ``symmetric``: the nearest actor before is the subject, the first after the object (and actors
  coordinated with it; after the word ``kg:objectMarker`` names, when the trigger declares one); ``passive``:
  the other way round; ``located``: an event, facility or place before a place after. The schema's domain and
  range decide what may link what.
"""

from __future__ import annotations

from kgraph.extract.data import LanguageData
from kgraph.extract.environment import Environment
from kgraph.extract.tokens import (
    CLAUSE_BREAK,
    RawRelation,
    Sentence,
    Span,
    Speaker,
    Tok,
    TriggerHit,
    clause_bounds,
    relocated,
    surface,
)
from kgraph.ingest.normalize import fold

MAX_LEFT = 14
MAX_RIGHT = 10
_COMMAS = frozenset({",", "،"})


class GenericRules:
    """Data-driven rules for one document (see the module docstring)."""

    def __init__(self, data: LanguageData, env: Environment) -> None:
        self.data = data
        self.env = env
        kinds = env.kinds
        self.actors = kinds.actor | {"Country"}
        self.places = kinds.place
        self.locatable = kinds.locatable
        self.last_speaker: Speaker | None = None
        self.persons: dict[str, Span] = {}  # folded last name → the person span that introduced it

    # ---------------------------------------------------------------------------------------- mentions
    def mentions(self, sent: Sentence) -> None:
        toks, data = sent.toks, self.data
        taken = [False] * len(toks)
        for s in sent.spans:
            for k in range(s.i, s.j):
                taken[k] = True
        new: list[Span] = []
        k = 0
        while k < len(toks):
            if taken[k] or toks[k].norm not in data.titles:
                k += 1
                continue
            j = k + 1
            while j < len(toks) and j - k <= 3 and not taken[j] and self._name_word(toks[j]):
                j += 1
            if j > k + 1:
                new.append(Span(i=k + 1, j=j, key=None, name=surface(toks, k + 1, j), cls="Person", rule="title"))
                for m in range(k + 1, j):
                    taken[m] = True
            k = max(j, k + 1)
        for k, t in enumerate(toks):
            if not taken[k] and not t.is_punct:
                known = next((self.persons[v] for v in t.variants if v in self.persons), None)
                if known is not None:
                    new.append(relocated(known, k, k + 1, "surname"))
                    taken[k] = True
        sent.spans = sorted(sent.spans + new, key=lambda s: s.i)
        for s in sent.spans:
            parts = s.name.split()
            if s.cls == "Person" and s.rule != "surname" and len(parts) >= 2:
                self.persons[fold(parts[-1])] = s

    def _name_word(self, t: Tok) -> bool:
        """A word that may be part of a name: no function word, title or speech verb, no number, and capitalised
        where the script has case."""
        return not t.is_punct and t.norm not in self.data.stop and t.norm not in self.data.titles \
            and t.norm not in self.data.speech_verbs and not t.text[:1].isdigit() and not t.text[:1].islower()

    # ---------------------------------------------------------------------------------------- attribution
    def attribution(self, sent: Sentence) -> None:
        toks, spans, data = sent.toks, sent.spans, self.data
        speaker: Speaker | None = None
        for k, t in enumerate(toks):
            if t.in_quote or not any(v in data.speech_verbs for v in t.variants):
                continue
            negated = any(v in data.negated_speech for v in t.variants)
            after = next((n for n, s in enumerate(spans) if s.i == k + 1 and s.cls in self.actors), None)
            before = next((n for n, s in enumerate(spans) if s.j == k and s.cls in self.actors), None)
            idx = after if after is not None else before
            if idx is not None:
                s = spans[idx]
                org = spans[s.role_of] if s.role_of is not None else (s if s.cls != "Person" else None)
                speaker = Speaker(span_name=s.name, key=s.key, cls=s.cls, org=org, negated=negated)
                sent.speaker_idx = idx
                break
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if self.last_speaker is not None and any(v in data.continue_verbs for v in t.variants) \
                    and (nxt is None or nxt.is_punct):
                speaker = self.last_speaker
                break
        if speaker is None and toks[0].in_quote and self.last_speaker is not None:
            speaker = self.last_speaker  # a quotation that goes on from the last sentence
        sent.speaker = speaker
        if speaker is not None:
            self.last_speaker = speaker
        if speaker is None or speaker.org is None:
            return
        taken = {k for s in spans for k in range(s.i, s.j)}
        org = speaker.org
        sent.spans += [relocated(org, k, k + 1, "first-person") for k, t in enumerate(toks)
                       if k not in taken and t.in_quote and any(v in data.first_person for v in t.variants)]
        sent.spans.sort(key=lambda s: s.i)
        if sent.speaker_idx is not None:
            name = speaker.span_name
            sent.speaker_idx = next((n for n, s in enumerate(sent.spans) if s.name == name), None)

    # ---------------------------------------------------------------------------------------- modality
    def modality(self, sent: Sentence) -> None:
        toks, data = sent.toks, self.data
        for hit in sent.hits:
            hit.negated = _cue_before(toks, hit.i, data.negations, 4) and not _double_negated(
                toks, hit.i, data.double_negation)
            hit.hedged = _cue_before(toks, hit.i, data.hedges, 5)

    # ---------------------------------------------------------------------------------------- arguments
    def arguments(self, sent: Sentence) -> None:
        toks, spans, schema = sent.toks, sent.spans, self.env.schema
        out: list[RawRelation] = []
        for hit in sent.hits:
            if any(s.i <= hit.i < s.j for s in spans):
                continue  # a trigger word inside a name
            pairs = self._pairs(toks, spans, hit)
            for subj, obj in pairs:
                a, b = spans[subj], spans[obj]
                if subj == obj or (a.key is not None and a.key == b.key) or not schema.fits(
                        hit.trigger.property, a.cls, b.cls):
                    continue
                out.append(RawRelation(subj=subj, obj=obj, predicate=hit.trigger.property, hit=hit,
                                       rule=f"{hit.trigger.id}:{hit.trigger.frame}", negated=hit.negated,
                                       hedged=hit.hedged, confidence=hit.trigger.confidence))
        for n, s in enumerate(spans):
            if s.role_of is not None:
                pred = "leads" if s.lead_role else "memberOf"
                out.append(RawRelation(subj=n, obj=s.role_of, predicate=pred, hit=None, rule=f"title:{pred}",
                                       negated=False, hedged=False, confidence=0.8))
        sent.relations = out

    def _pairs(self, toks: list[Tok], spans: list[Span], hit: TriggerHit) -> list[tuple[int, int]]:
        lo, hi = clause_bounds(toks, hit.i, hit.j)
        left = sorted((n for n, s in enumerate(spans) if s.j > s.i and lo <= s.i and s.j <= hit.i
                       and hit.i - s.j <= MAX_LEFT), key=lambda n: -spans[n].j)
        right = sorted((n for n, s in enumerate(spans) if s.j > s.i and hit.j <= s.i and s.j <= hi
                        and s.i - hit.j <= MAX_RIGHT), key=lambda n: spans[n].i)
        frame = hit.trigger.frame
        if frame == "located":
            obj = next((n for n in right if spans[n].cls in self.places and spans[n].i - hit.j <= 2), None)
            subj = next((n for n in left if spans[n].cls in self.locatable | self.places), None)
            return [(subj, obj)] if subj is not None and obj is not None else []
        if frame == "passive":
            agent, patient = next(iter(right), None), next(iter(left), None)
            return [(agent, patient)] if agent is not None and patient is not None else []
        marker = hit.trigger.object_marker
        if marker is not None:  # the object follows this word (kg:objectMarker)
            right = [n for n in right if spans[n].i > 0 and toks[spans[n].i - 1].norm == marker]
        subj = next(iter(left), None)
        first = next(iter(right), None)
        if subj is None or first is None:
            return []
        return [(subj, o) for o in [first, *self._coordinated(toks, spans, first, right)]]

    def _coordinated(self, toks: list[Tok], spans: list[Span], first: int, right: list[int]) -> list[int]:
        """Objects joined to the first one by a comma or a coordinating word (``stop`` words between)."""
        out: list[int] = []
        cur = first
        for n in right:
            if spans[n].i <= spans[cur].i:
                continue
            between = toks[spans[cur].j:spans[n].i]
            if between and all(t.text in _COMMAS or t.norm in self.data.stop for t in between):
                out.append(n)
                cur = n
            else:
                break
        return out


def _cue_before(toks: list[Tok], i: int, cues: frozenset[str], window: int) -> bool:
    k = i - 1
    while k >= 0 and i - k <= window:
        t = toks[k]
        if t.text in CLAUSE_BREAK or t.text in _COMMAS:
            break
        if any(v in cues for v in t.variants[:2]):
            return True
        k -= 1
    return False


def _double_negated(toks: list[Tok], i: int, phrases: tuple[str, ...]) -> bool:
    window = " ".join(t.norm for t in toks[max(0, i - 8):i])
    return any(phrase in window for phrase in phrases)


__all__ = ["GenericRules"]
