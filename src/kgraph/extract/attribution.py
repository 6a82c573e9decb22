"""Who says what: the speaker of each sentence, continued speakers, and first person inside quotes.

Rules (per language data in ``lang/``):

* a sentence that opens with a speech verb followed by a person or organisation names the speaker
  (وقال X، إن «…» / said X); with no subject after the verb (وأضاف، أن …) it continues the last speaker;
* ``X said`` / ``"…," said X`` / ``according to X`` in English;
* first-person words inside a quote (نحن، قواتنا / we, our forces) refer to the speaker's organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from kgraph.extract.tokens import Span, Tok


@dataclass
class Speaker:
    span_name: str
    key: str | None
    cls: str
    org: Span | None  # the organisation the speaker speaks for (role_of), if known
    negated: bool = False
    covers_sentence: bool = False  # English attribution ("…, X said" / "according to X") covers the whole sentence


def find_speaker(toks: list[Tok], spans: list[Span], lang_mod: ModuleType, *, lang: str,
                 last: Speaker | None) -> tuple[Speaker | None, int | None]:
    """Return (speaker, index of the speaker's span in ``spans``) for this sentence.

    ``last`` is the previous sentence's speaker, continued when the sentence opens with a bare speech verb.
    """
    words = [t for t in toks if not t.is_punct]
    if not words:
        return None, None
    by_start = {s.i: idx for idx, s in enumerate(spans)}
    if lang == "ar":
        first = words[0]
        if any(v in lang_mod.SPEECH_VERBS for v in first.variants[:2]):
            # the subject is the first span starting right after the verb (titles in between allowed)
            k = first.i + 1
            while k < len(toks) and toks[k].norm in lang_mod.TITLES and k not in by_start:
                k += 1
            for idx, s in enumerate(spans):
                if s.i >= first.i + 1 and s.i <= k + 12 and s.cls in _SPEAKER_CLASSES and not toks[s.i].in_quote:
                    if s.cls == "Person" or s.i == k:
                        neg = first.variants[-1] in lang_mod.NEGATED_SPEECH
                        return _speaker(spans, idx, neg), idx
            nxt = toks[first.i + 1] if first.i + 1 < len(toks) else None
            if last is not None and (nxt is None or nxt.is_punct or nxt.norm in _AR_CONTINUE_NEXT):
                return last, None
        return None, None
    # English: the attribution covers the whole sentence
    found = _find_english(toks, spans, lang_mod, by_start, last)
    if found[0] is not None:
        found[0].covers_sentence = True
    return found


def _find_english(toks: list[Tok], spans: list[Span], lang_mod: ModuleType, by_start: dict[int, int],
                  last: Speaker | None) -> tuple[Speaker | None, int | None]:
    for k, t in enumerate(toks):
        if t.in_quote or t.norm not in lang_mod.SPEECH_VERBS:
            continue
        if t.norm == "according" and k + 1 < len(toks) and toks[k + 1].norm == "to":
            idx = by_start.get(k + 2)
            if idx is None:
                # "according to a statement from X" / "according to the X spokesman"
                idx = next((n for n, s in enumerate(spans) if k + 2 < s.i <= k + 7
                            and all(x.norm in _ACCORDING_FILLER for x in toks[k + 2:s.i])), None)
            if idx is not None and spans[idx].cls in _SPEAKER_CLASSES:
                return _speaker(spans, idx), idx
            continue
        # said X (inverted only after a comma or a closing quote: "Officials said the Coalition may …" is not X)
        inverted = k > 0 and toks[k - 1].text in (",", "”", '"', "»", "’")
        idx = by_start.get(k + 1) if inverted else None
        if inverted and idx is None and k + 2 < len(toks) and toks[k + 1].norm in lang_mod.TITLES:
            idx = next((n for n, s in enumerate(spans) if k + 1 < s.i <= k + 5), None)
        appositive = next((n for n, s in enumerate(spans) if s.cls == "Person" and s.j < k - 1 and k - s.j <= 12
                           and toks[s.j].text == "," and toks[k - 1].text == ","
                           and sum(1 for x in toks[s.j:k] if x.text == ",") == 2), None)
        if idx is not None and spans[idx].cls in _SPEAKER_CLASSES and appositive is None:
            return _speaker(spans, idx, t.norm in lang_mod.NEGATED_SPEECH), idx
        # X said
        prev = next((n for n, s in enumerate(spans) if s.j == k or (s.j == k - 1 and toks[k - 1].text == ",")),
                    None)
        if prev is None:
            prev = appositive  # "X, a CENTCOM spokesperson, said …": the person before the apposition
        if prev is not None and spans[prev].cls not in ("Person",):
            # "X, commander of ORG, said": the person whose post names ORG speaks
            person = next((n for n, s in enumerate(spans) if s.cls == "Person" and s.role_of == prev), None)
            if person is not None:
                prev = person
        if prev is not None and spans[prev].cls in _SPEAKER_CLASSES:
            return _speaker(spans, prev, t.norm in lang_mod.NEGATED_SPEECH), prev
        if t.norm in lang_mod.CONTINUE_VERBS and last is not None:
            return last, None
        if t.norm in ("said", "added") and k + 1 < len(toks) and toks[k + 1].norm in ("he", "she") and last:
            return last, None
    return None, None


_ACCORDING_FILLER = frozenset({"a", "an", "the", "statement", "statements", "release", "press", "report",
                               "from", "by", "of", "issued", "published", "written", "joint", "news"})
_SPEAKER_CLASSES = frozenset({"Person", "Organization", "Government", "Coalition", "Military", "ArmedGroup",
                              "Media", "Actor", "Country"})
_AR_CONTINUE_NEXT = frozenset({"ايضا", "الى", "على", "عن", "ان", "إن", "أن", "بان", "انه", "في"})


def _speaker(spans: list[Span], idx: int, negated: bool = False) -> Speaker:
    s = spans[idx]
    org = spans[s.role_of] if s.role_of is not None else None
    if s.cls != "Person":
        org = s
    return Speaker(span_name=s.name, key=s.key, cls=s.cls, org=org, negated=negated)
