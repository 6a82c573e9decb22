"""Finding actors in a sentence: gazetteer matches (clitic-aware) and actors introduced by role or title.

Gazetteer matching is a longest-match over folded tokens. For Arabic the first token of a name may
carry proclitics (و ف ب ل ك ال لل); a stripped form is used only when the gazetteer knows the result,
so ordinary words are never damaged.
"""

from __future__ import annotations

from types import ModuleType

from kgraph.extract.tokens import Span, Tok
from kgraph.extract.tokens import surface as _surface
from kgraph.gazetteer import Gazetteer

_ENGLISH_LOWER_OK = frozenset({"civilians", "detainees", "refugees", "displaced persons"})
_COALITION_NEXT = frozenset({"spokesman", "spokeswoman", "spokesperson", "commander", "forces", "aircraft",
                             "troops", "advisers", "advisors", "officials", "official", "strikes", "airstrikes",
                             "airstrike", "warplanes", "jets", "drones", "partners", "members", "envoy"})
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "van", "von", "jr.", "jr", "al-"})


_PREFIXES: dict[int, tuple[Gazetteer, frozenset[str]]] = {}


def _prefixes(gaz: Gazetteer) -> frozenset[str]:
    """Every proper token prefix of a gazetteer key (so a match stops extending as soon as none can follow)."""
    cached = _PREFIXES.get(id(gaz))
    if cached is not None and cached[0] is gaz:
        return cached[1]
    out = set()
    for key in gaz.index:
        parts = key.split()
        for n in range(1, len(parts)):
            out.add(" ".join(parts[:n]))
    _PREFIXES[id(gaz)] = (gaz, frozenset(out))
    return _PREFIXES[id(gaz)][1]


def match_gazetteer(toks: list[Tok], gaz: Gazetteer, *, lang: str) -> list[Span]:
    """Longest gazetteer matches in ``toks``, left to right, non-overlapping."""
    prefixes = _prefixes(gaz)
    spans: list[Span] = []
    i, n = 0, len(toks)
    while i < n:
        best: tuple[int, str] | None = None
        if toks[i].is_punct:
            i += 1
            continue
        for first in toks[i].variants:
            parts = [first]
            j = i + 1
            # extend over following tokens (skipping punctuation inside a name, e.g. "Task Force – OIR")
            candidates: list[tuple[int, str]] = []
            while True:
                key = " ".join(parts)
                ids = gaz.lookup(key)
                if ids and not toks[j - 1].is_punct and _acceptable(toks, i, j, first, lang):
                    candidates.append((j, ids[0]))
                if j >= n or len(parts) >= gaz.max_tokens or key not in prefixes:
                    break
                nxt = toks[j]
                if nxt.is_punct and nxt.text not in ("-", "–", "—", "."):
                    # allow a closing/opening bracket inside names like عملية (العزم الصلب)
                    if nxt.text in "()[]" and j + 1 < n:
                        j += 1
                        continue
                    break
                if not nxt.is_punct:
                    # English: "J." in "Lloyd J. Austin" matches the label's "J" (labels are folded without dots)
                    parts.append(nxt.norm if lang == "ar" else nxt.variants[-1])
                j += 1
            if candidates:
                cand = max(candidates, key=lambda c: c[0])
                if best is None or cand[0] > best[0]:
                    best = cand
        if best is None:
            i += 1
            continue
        j, key = best
        entry = gaz.entries[key]
        spans.append(Span(i=i, j=j, key=key, name=_surface(toks, i, j), cls=entry.cls, rule="gazetteer"))
        i = j
    return spans


def _acceptable(toks: list[Tok], i: int, j: int, first: str, lang: str) -> bool:
    """English case rules: one-word names must be capitalised in the text (ISIS, Iraq), so "us" ≠ US."""
    if lang == "ar":
        return True
    words = [t for t in toks[i:j] if not t.is_punct]
    if len(words) == 1:
        text = words[0].text
        if text.lower() in _ENGLISH_LOWER_OK:
            return True
        if text == "coalition" and j < len(toks) and toks[j].norm in _COALITION_NEXT:
            return True  # "coalition spokesman Col. X", "coalition aircraft" (Reuters style)
        return text[:1].isupper()
    return any(t.text[:1].isupper() for t in words)


def find_role_actors(toks: list[Tok], spans: list[Span], lang_mod: ModuleType, *, lang: str) -> list[Span]:
    """Persons introduced by a title or role, and organisations from head nouns; returns new spans.

    ``spans`` are the gazetteer spans already found (they are not overlapped).
    """
    taken = [False] * len(toks)
    for s in spans:
        for k in range(s.i, s.j):
            taken[k] = True
    if lang == "ar":
        return _arabic_persons(toks, spans, taken, lang_mod)
    return _english_actors(toks, spans, taken, lang_mod)


def _is_name_token_ar(t: Tok, lang_mod: ModuleType) -> bool:
    return (not t.is_punct and t.norm not in lang_mod.STOP and t.norm not in lang_mod.TITLES
            and not t.text.isdigit() and len(t.norm) > 1)


def _arabic_persons(toks: list[Tok], spans: list[Span], taken: list[bool], lang_mod: ModuleType) -> list[Span]:
    """``[قال] TITLE ... ORG ... NAME NAME ،``: the name is the run of untaken words before the comma."""
    out: list[Span] = []
    n = len(toks)
    for k, t in enumerate(toks):
        if t.norm not in lang_mod.TITLES and not any(v in lang_mod.TITLES for v in t.variants[1:2]):
            continue
        if taken[k]:
            continue
        # scan right to the next comma / quote / sentence end
        end = k + 1
        while end < n and toks[end].text not in ("،", ",", "«", "“", ":", ".", "؛") and end - k < 25:
            end += 1
        # the name: the longest run (1–3 words) of untaken name tokens just before `end`
        j = end
        i = j
        while i - 1 > k and not taken[i - 1] and _is_name_token_ar(toks[i - 1], lang_mod) and j - (i - 1) <= 3:
            i -= 1
        if i == j or (i == k + 1 and j - i < 1):
            continue
        # the words between the title and the name must include an organisation or a title chain
        org = next((idx for idx, s in enumerate(spans) if k < s.i and s.j <= i and s.cls not in
                    ("Place", "Country", "City", "Province", "Person")), None)
        if org is None and i != k + 1 and not all(toks[m].norm in lang_mod.TITLES for m in range(k + 1, i)):
            continue
        name = _surface(toks, i, j)
        role_words = {toks[m].norm for m in range(k, i)} | {toks[k].variants[-1]}
        out.append(Span(i=i, j=j, key=None, name=name, cls="Person", rule="title",
                        role_of=org, lead_role=bool(role_words & lang_mod.LEAD_ROLES) and
                        not role_words & {"اركان", "نائب", "المتحدث", "متحدث", "الناطق"}))
        for m in range(i, j):
            taken[m] = True
    return out


def _english_actors(toks: list[Tok], spans: list[Span], taken: list[bool], lang_mod: ModuleType) -> list[Span]:
    out: list[Span] = []
    n = len(toks)
    k = 0
    while k < n:
        if taken[k] or not toks[k].text[:1].isupper() or toks[k].is_punct:
            k += 1
            continue
        # capitalised run
        j = k
        while j < n and not taken[j] and (toks[j].text[:1].isupper() or toks[j].norm in _NAME_PARTICLES
                                          or (toks[j].text in ("-", "of", "for", "and") and j + 1 < n
                                          and toks[j + 1].text[:1].isupper())):
            j += 1
            if j + 2 < n and j > k and toks[j].text in ('"', "“") and toks[j + 2].text in ('"', "”") \
                    and toks[j + 1].text[:1].isupper() and j + 3 < n and toks[j + 3].text[:1].isupper():
                j += 3  # a quoted nickname inside a name
        while j > k and toks[j - 1].text in ("-", "of", "for", "and"):
            j -= 1
        if toks[k].text == "The" and j - k >= 3:
            k += 1  # "The Ministry of Interior said": the article opens the sentence, not the name
        words = [t for t in toks[k:j]]
        # strip leading titles
        i = k
        titled = False
        # "Iraqi Foreign Minister Nabil Qasim": a nationality word may precede the title
        lead = k + 1 if (j - k >= 3 and toks[k].norm not in lang_mod.TITLES and k + 1 < j
                         and toks[k + 1].norm in lang_mod.TITLES and toks[k].norm.endswith(("i", "an", "ese", "ish"))
                         and toks[k].norm not in lang_mod.ORG_HEADS) else k
        if lead == k and toks[k].norm not in lang_mod.TITLES and j - k >= 4:
            # "Council President Nadia Kamara", "Coalition Deputy Commander X": an organisation word before the title
            lead = next((p for p in range(k + 1, min(k + 3, j - 2)) if toks[p].norm in lang_mod.TITLES
                         and all(toks[q].norm not in lang_mod.TITLES and toks[q].text.isalpha()
                                 for q in range(k, p))), k)
        i = lead
        while i < j and (toks[i].norm in lang_mod.TITLES or toks[i].norm.rstrip(".") in lang_mod.TITLES
                         or (titled and toks[i].norm in lang_mod.ROLE_COMPLEMENTS)):
            titled = True
            i += 1
        if not titled:
            i = k
        if i >= j:
            # "the Secretary of State, Richard Calloway,": the name follows the title after a comma
            m = j + 1
            while titled and m < n and not taken[m] and toks[m].text[:1].isupper() and not toks[m].is_punct \
                    and toks[m].norm not in lang_mod.TITLES and m - j <= 4:
                m += 1
            if titled and j < n and toks[j].text == "," and 2 <= m - (j + 1) <= 3 and (
                    m >= n or toks[m].text in (",", ".", "said", "who")):
                out.append(Span(i=j + 1, j=m, key=None, name=_surface(toks, j + 1, m), cls="Person",
                                rule="title"))
                for q in range(j + 1, m):
                    taken[q] = True
                k = m
                continue
            k = j if j > k else k + 1
            continue
        sentence_initial = k == 0 or toks[k - 1].text in ("“", '"', "«")
        head = toks[j - 1].norm
        if titled and head in lang_mod.ORG_HEADS and j - lead >= 2:
            i = lead  # "Defense Ministry", "Interior Ministry": the title word names the ministry
        if head in lang_mod.ORG_HEADS and j - i >= 2:
            out.append(Span(i=i, j=j, key=None, name=_surface(toks, i, j), cls="Organization", rule="org-head"))
        elif titled and 1 <= sum(1 for t in toks[i:j] if not t.is_punct) <= 4 and head not in lang_mod.ORG_HEADS \
                and head not in ("ministry", "ministries"):
            role_of, lead = _english_role(toks, spans, k, j, lang_mod)
            out.append(Span(i=i, j=j, key=None, name=_surface(toks, i, j), cls="Person", rule="title",
                            role_of=role_of, lead_role=lead))
        elif (2 <= j - i <= 3 and not sentence_initial and all(t.norm not in lang_mod.STOP for t in words)
              and _followed_by_role(toks, j)):
            role_of, lead = _english_role(toks, spans, k, j, lang_mod)
            out.append(Span(i=i, j=j, key=None, name=_surface(toks, i, j), cls="Person", rule="name-role",
                            role_of=role_of, lead_role=lead))
        elif 2 <= j - i <= 3 and _speech_adjacent(toks, k, j, lang_mod):
            org_word = any(t.norm in lang_mod.ORG_HEADS or t.norm in ("ministry", "ministries") for t in toks[i:j])
            out.append(Span(i=i, j=j, key=None, name=_surface(toks, i, j),
                            cls="Organization" if org_word else "Person", rule="org-head" if org_word else "speaker"))
        k = j if j > k else k + 1
    return out


def _followed_by_role(toks: list[Tok], j: int) -> bool:
    return j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].norm in (
        "commander", "spokesman", "spokesperson", "spokeswoman", "minister", "director", "chief", "ambassador",
        "secretary", "president", "head", "leader", "deputy", "envoy")


def _speech_adjacent(toks: list[Tok], i: int, j: int, lang_mod: ModuleType) -> bool:
    before = toks[i - 1].norm if i > 0 else ""
    after = toks[j].norm if j < len(toks) else ""
    return before in lang_mod.SPEECH_VERBS or after in lang_mod.SPEECH_VERBS


_ORG_CLASSES = frozenset({"Organization", "Government", "ArmedGroup", "Coalition", "Media", "Military", "Country",
                          "Actor"})


def _english_role(toks: list[Tok], spans: list[Span], i: int, j: int,
                  lang_mod: ModuleType) -> tuple[int | None, bool]:
    """The organisation a titled person holds a post in, and whether the post leads it.

    "NAME, commander of ORG" / "NAME, spokesperson, ORG" / "ORG spokesperson NAME" / "ORG's ROLE NAME".
    """
    n = len(toks)
    # after the name: , ROLE [of|for|,] [the] ORG
    k = j
    while k < n and toks[k].text in (",", "Jr.", "Jr", "Sr."):
        k += 1
    role_words: list[str] = []
    while k < n and (toks[k].norm in lang_mod.TITLES or toks[k].norm in lang_mod.MEMBER_ROLES
                     or toks[k].norm in ("of", "for", ",", "the", "state", "u.s.", "foreign", "defense")):
        if toks[k].norm in lang_mod.MEMBER_ROLES:
            role_words.append(toks[k].norm)
        k += 1
    if role_words:
        org = next((idx for idx, s in enumerate(spans) if s.i == k and s.cls in _ORG_CLASSES), None)
        if org is not None:
            return org, bool(set(role_words) & lang_mod.LEAD_ROLES) and "deputy" not in role_words
    # before the name: ORG ['s] ROLE* NAME
    k = i - 1
    role_words = []
    while k >= 0 and (toks[k].norm in lang_mod.TITLES or toks[k].norm in lang_mod.MEMBER_ROLES
                      or toks[k].norm in ("'s", "’s")):
        if toks[k].norm in lang_mod.MEMBER_ROLES:
            role_words.append(toks[k].norm)
        k -= 1
    if role_words:
        org = next((idx for idx, s in enumerate(spans) if s.j == k + 1 and s.cls in _ORG_CLASSES), None)
        if org is not None:
            return org, bool(set(role_words) & lang_mod.LEAD_ROLES) and "deputy" not in role_words
    return None, False
