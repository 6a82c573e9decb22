"""Who says an English sentence: "X said", "…, said X", "X, a spokesperson, said", "according to (a statement
from) X"; "added"/"continued" with no subject continue the last speaker; "denied" negates what is said. The
attribution covers the whole sentence.
"""

from __future__ import annotations

from kgraph.extract.data import LanguageData
from kgraph.extract.lang.en.words import W
from kgraph.extract.tokens import Span, Speaker, Tok


def find_speaker(toks: list[Tok], spans: list[Span], vocab: LanguageData, *, last: Speaker | None,
                 speakers: frozenset[str]) -> tuple[Speaker | None, int | None]:
    """Return (speaker, index of the speaker's span in ``spans``) for this sentence.

    ``last`` is the previous sentence's speaker, continued by a bare "added"; ``speakers`` the classes that
    can speak (actors and countries).
    """
    words = [t for t in toks if not t.is_punct]
    if not words:
        return None, None
    by_start = {s.i: idx for idx, s in enumerate(spans)}
    found = _find_english(toks, spans, vocab, by_start, last, speakers)
    if found[0] is not None:
        found[0].covers_sentence = True
    return found


def _find_english(toks: list[Tok], spans: list[Span], vocab: LanguageData, by_start: dict[int, int],
                  last: Speaker | None, speakers: frozenset[str]) -> tuple[Speaker | None, int | None]:
    for k, t in enumerate(toks):
        if t.in_quote or t.norm not in vocab.speech_verbs:
            continue
        if t.norm == "according" and k + 1 < len(toks) and toks[k + 1].norm == "to":
            idx = by_start.get(k + 2)
            if idx is None:
                # "according to a statement from X" / "according to the X spokesman"
                idx = next((n for n, s in enumerate(spans) if k + 2 < s.i <= k + 7
                            and all(x.norm in _ACCORDING_FILLER for x in toks[k + 2:s.i])), None)
            if idx is not None and spans[idx].cls in speakers:
                return _speaker(spans, idx), idx
            continue
        # said X (inverted only after a comma or a closing quote: "Officials said the Coalition may …" is not X)
        inverted = k > 0 and toks[k - 1].text in (",", "”", '"', "»", "’")
        idx = by_start.get(k + 1) if inverted else None
        if inverted and idx is None and k + 2 < len(toks) and toks[k + 1].norm in vocab.titles:
            idx = next((n for n, s in enumerate(spans) if k + 1 < s.i <= k + 5), None)
        appositive = next((n for n, s in enumerate(spans) if s.cls == "Person" and s.j < k - 1 and k - s.j <= 12
                           and toks[s.j].text == "," and toks[k - 1].text == ","
                           and sum(1 for x in toks[s.j:k] if x.text == ",") == 2), None)
        if idx is not None and spans[idx].cls in speakers and appositive is None:
            return _speaker(spans, idx, t.norm in vocab.negated_speech), idx
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
        if prev is not None and spans[prev].cls in speakers:
            return _speaker(spans, prev, t.norm in vocab.negated_speech), prev
        if t.norm in vocab.continue_verbs and last is not None:
            return last, None
        if t.norm in ("said", "added") and k + 1 < len(toks) and toks[k + 1].norm in ("he", "she") and last:
            return last, None
    return None, None


_ACCORDING_FILLER = W.words["according_filler"]


def _speaker(spans: list[Span], idx: int, negated: bool = False) -> Speaker:
    s = spans[idx]
    org = spans[s.role_of] if s.role_of is not None else None
    if s.cls != "Person":
        org = s
    return Speaker(span_name=s.name, key=s.key, cls=s.cls, org=org, negated=negated)
