"""Arabic sentence analysis: actors the gazetteer does not know, speakers, and relations with their direction.

Rules, in the order the pipeline applies them to one sentence:

* **Actors** (:func:`extra_spans`): persons introduced by a title chain (``رئيس أركان قوة المهام … NAME``,
  ``المتحدث باسم X العقيد NAME``, ``وزير الخارجية العراقي NAME``), organisations from a head noun followed by
  definite genitives (``وزارة الدفاع``, ``مجلس الأمن``), meetings (``الاجتماع الوزاري``, ``مؤتمر``, ``القمة``;
  a later ``الاجتماع`` / ``هذا الاجتماع`` is the same meeting), facilities (``السجون``, ``سجن X``, ``مخيم X``),
  places after a head noun (``محافظة X``, ``مدينة X``), the anaphor ``التنظيم`` (→ the last armed group) and
  first-person words inside a quote (``نحن``, ``قواتنا`` → the speaker's organisation).
* **Speaker** (:func:`find_speaker`): a speech verb followed by its subject names the speaker; a bare
  ``وأضاف،`` / ``وأوضح أن`` continues the last one.
* **Relations** (:func:`relations`): every trigger is attached to a *subject* and an *object* inside its clause
  (clauses end at ``،`` ``؛`` ``:`` ``–`` and quote boundaries). The subject of a clause is an actor in subject
  position: clause-initial (SVO), right after the clause's first word (VSO), after ``إن/أن``, or before a
  relative pronoun (``القوات التي تقوم … ضد``); a first-person clause takes the speaker's organisation; a clause
  that starts with ``و`` + verb continues the previous clause's subject. Objects must follow their trigger
  closely. Each property states which classes it links (no actor ``opposes`` a place; only meetings, events,
  facilities and places are ``locatedIn``).
* **Modality**: negation right before the trigger (``لا ، لم ، لن ، ليس ، غير ، عدم``) unless cancelled (``لا يعني
  أنه لن``, ``لا يزال`` = still, ``لا … إلا`` = only); ``قد`` + present verb hedges, ``قد`` + past verb does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.extract.data import LanguageData, load_rule_data
from kgraph.extract.environment import Kinds
from kgraph.extract.plugin import TokenAnalyser
from kgraph.extract.tokens import RawRelation, Span, Speaker, Tok, TriggerHit
from kgraph.extract.tokens import relocated as _copy
from kgraph.extract.tokens import surface as _surface
from kgraph.gazetteer import Gazetteer
from kgraph.ingest.normalize import fold
from kgraph.schema import Schema, load_schema

from .morph import Analysis

_WORDS = (
    "according_to",
    "according_to_lam",
    "affiliated",
    "agent_verbs",
    "anaphor_adj",
    "anaphor_group",
    "anaphor_heads",
    "attack_nouns",
    "auxiliaries",
    "bare_meeting_words",
    "complementizers",
    "continue_next",
    "delegation_words",
    "demonstrative",
    "directions",
    "during_words",
    "except",
    "exposed",
    "facility_generic",
    "facility_heads",
    "foiled",
    "fronted",
    "give_verbs",
    "government_words",
    "group_heads",
    "held_verb_forms",
    "held_verb_stems",
    "held_verbs",
    "in",
    "in_response",
    "led_by",
    "masdar_subject",
    "media_heads",
    "meeting_adj",
    "meeting_bad_adj",
    "meeting_heads",
    "name_bad",
    "name_particle",
    "not_name_head",
    "not_name_words",
    "not_verb",
    "org_heads_indef",
    "participles",
    "particles",
    "partitive",
    "partitive_genitive",
    "partner_prepositions",
    "partners",
    "place_heads",
    "place_org_heads",
    "place_org_words",
    "possessor_prepositions",
    "prepositions",
    "pronoun_complement",
    "pronoun_heads",
    "qad",
    "ranks",
    "relative",
    "resumptive",
    "resumptive_lam",
    "resumptive_prep",
    "situated",
    "speaker_possessive",
    "speech_extra",
    "statement_issued",
    "still",
    "target_prepositions",
    "title_links",
    "title_no_lead",
    "unit_heads",
    "unit_links",
    "victim_of",
    "victim_verbs",
    "within",
)
_RAW = (
    "unit_names",
)
#: the word lists of these rules (rules.json next to this file; checked on load)
_W = load_rule_data(Path(__file__).with_name("rules.json"), words=_WORDS, raw=_RAW, maps=("nationalities",))
_SITUATED = _W.words["situated"]
_QAD = _W.words["qad"]
_POSSESSOR_PREPOSITIONS = _W.words["possessor_prepositions"]
_LED_BY = _W.words["led_by"]
_UNIT_LINKS = _W.words["unit_links"]
_HELD_VERBS = _W.words["held_verbs"]
_PARTNER_PREPOSITIONS = _W.words["partner_prepositions"]
_BARE_MEETING_WORDS = _W.words["bare_meeting_words"]
_ACCORDING_TO_LAM = _W.words["according_to_lam"]
_TARGET_PREPOSITIONS = _W.words["target_prepositions"]
_DURING_WORDS = _W.words["during_words"]
_RESUMPTIVE_LAM = _W.words["resumptive_lam"]
_DELEGATION_WORDS = _W.words["delegation_words"]
_HELD_VERB_STEMS = _W.words["held_verb_stems"]
_HELD_VERB_FORMS = _W.words["held_verb_forms"]

CLAUSE_SEP = frozenset({"،", ",", "؛", ";", ":", "–", "—", "-", "«", "»", "“", "”", '"', "!", "؟", "?"})
#: particles that may precede a clause-initial subject
_PARTICLES = _W.words["particles"]
_COMPLEMENTIZERS = _W.words["complementizers"]
_RELATIVE = _W.words["relative"]
#: a clause opening with a pronoun that resumes the previous subject (لكنه ما زال يشن …)
_FRONTED = _W.words["fronted"]
_RESUMPTIVE = _W.words["resumptive"]
_NOT_VERB = _W.words["not_verb"]
_STILL = _W.words["still"]
#: auxiliaries before a VSO verb or subject (ما زالت، وكان … قد، باتت)
_AUXILIARIES = _STILL | _W.words["auxiliaries"]
_EXCEPT = _W.words["except"]
_FIRST_PERSON_VERBS_PREFIX = ("ن", "سن", "ون", "فن", "وسن", "لن")
_SPEECH_EXTRA = _W.words["speech_extra"]
_ACCORDING_TO = _W.words["according_to"]
_CONTINUE_NEXT = _W.words["continue_next"]
_DATELINE = frozenset({"–", "—", "-"})
_TITLE_LINKS = _W.words["title_links"]
_TITLE_NO_LEAD = _W.words["title_no_lead"]
_NAME_BAD = _W.words["name_bad"]
_MEETING_HEADS = _W.words["meeting_heads"]
_MEETING_BAD_ADJ = _W.words["meeting_bad_adj"]
_FACILITY_GENERIC = _W.words["facility_generic"]
_FACILITY_HEADS = _W.words["facility_heads"]
_PLACE_HEADS = _W.words["place_heads"]
_ORG_HEADS_INDEF = _W.words["org_heads_indef"]
_ANAPHOR_GROUP = _W.words["anaphor_group"]
#: partners and allies as a group actor (شركائنا العراقيين، القوات الحليفة)
_PARTNERS = _W.words["partners"]
_ANAPHOR_ADJ = _W.words["anaphor_adj"]
_DEMONSTRATIVE = _W.words["demonstrative"]


@dataclass
class DocState:
    """What the analysis carries from one sentence of a document to the next."""

    persons: dict[str, Span] = field(default_factory=dict)   # folded surname → person span
    person_org: dict[str, Span] = field(default_factory=dict)  # person name → organisation span
    last_armed: Span | None = None
    last_meeting: Span | None = None
    voice: Span | None = None  # the organisation a press release speaks for ("we" outside quotes)
    chain: dict[int, int] = field(default_factory=dict)  # id(person span) → first token of its title chain
    role: dict[int, Span] = field(default_factory=dict)  # id(person span) → the organisation of its title
    by_head: dict[str, Span] = field(default_factory=dict)  # head noun (هيئة، مجلس) → last organisation it opened
    pending_attack: dict[str, object] | None = None  # an attack whose agent a later sentence names
    last_agent: Span | None = None  # the agent of the attack the last sentence told
    schema: Schema = field(default_factory=load_schema)  # classes, sub-properties, domain and range
    kinds: Kinds = field(init=False)  # the schema's class sets (actors, places, facilities, events, groups)

    def __post_init__(self) -> None:
        self.kinds = Kinds.of(self.schema)


# ----------------------------------------------------------------------------------------------- helpers
def _is(t: Tok, words: frozenset[str]) -> bool:
    for v in t.variants[:3]:
        if v in words:
            return True
    return False




def _strip_clitic_surface(text: str, norm_variants: Sequence[str], stem: str) -> str:
    """Surface of a token without the proclitics that the matched variant ``stem`` dropped."""
    cut = len(norm_variants[0]) - len(stem)
    return text[cut:] if 0 < cut < len(text) else text


def _verb_like(t: Tok) -> bool:
    """A rough test: may this token be a verb (the slot before a VSO subject)?"""
    n = t.norm
    if t.is_punct or n.startswith("ال") or n in _NOT_VERB or n.isdigit():
        return False
    stem = n[1:] if n[:1] in ("و", "ف") and len(n) > 3 else n
    return not stem.startswith("ال") and not (stem.endswith("ات") and len(stem) > 4)


def _dual(t: Tok) -> bool:
    """A present verb in the dual (يبحثان، تؤكدان): its subject is the pair just named."""
    return t.norm[:1] in ("ي", "ت") and t.norm.endswith("ان") and len(t.norm) >= 5


def clause_ids(toks: list[Tok], spans: list[Span] | None = None, negations: frozenset[str] = frozenset()
               ) -> list[int]:
    """Clause number of every token (separators belong to the clause they open).

    ``… وداعش لا يزال يهدد …``: an actor with ``و`` followed by a negation or a present verb opens a clause.
    """
    opens = set()
    for s in spans or ():
        first = toks[s.i] if s.j > s.i else None
        if first is None or not first.norm.startswith("و") or first.norm[1:] not in first.variants or s.j >= len(toks):
            continue
        after = toks[s.j]
        starts_next = any(o.i == s.j for o in spans or ())
        if _dual(after):
            continue  # "العراق والولايات المتحدة يبحثان": the pair is one subject
        if after.norm in negations or (after.norm[:1] in ("ي", "ت") and len(after.norm) >= 4 and _verb_like(after)
                                       and not _dual(after)) \
                or (not after.is_punct and not starts_next and after.norm not in _NOT_VERB
                    and not after.norm.startswith(("ال", "ل", "ب", "و")) and len(after.norm) >= 3
                    and after.norm not in negations):
            opens.add(s.i)  # "… والتحالف فخور بـ…": a new clause with its own subject
    starts = {s.i for s in spans or () if s.j > s.i}
    quiet: set[int] = set()
    for k, t in enumerate(toks):
        # "أدانت الوزارة، الجمعة، الهجوم": a short insertion between commas does not end the clause
        if t.text in ("،", ","):
            end = next((m for m in range(k + 1, min(len(toks), k + 4)) if toks[m].text in ("،", ",")), None)
            if end is not None and end > k + 1 and not any(m in starts for m in range(k + 1, end)) \
                    and not any(_is(toks[m], _COMPLEMENTIZERS) for m in range(k + 1, end)):
                quiet.update((k, end))
    out = []
    c = 0
    for k, t in enumerate(toks):
        if (t.text in CLAUSE_SEP and k not in quiet) or (k > 0 and toks[k - 1].in_quote != t.in_quote) or k in opens:
            c += 1
        out.append(c)
    return out


# ----------------------------------------------------------------------------------------------- actors
def extra_spans(toks: list[Tok], spans: list[Span], vocab: LanguageData, state: DocState,
                gaz: Gazetteer) -> list[Span]:
    """Spans the gazetteer did not give: titled persons, surnames, organisations, meetings, facilities, places."""
    taken = [False] * len(toks)
    for s in spans:
        for k in range(s.i, s.j):
            taken[k] = True
    out: list[Span] = []
    state.chain.clear()
    state.role.clear()
    out += _surnames(toks, taken, state)
    out += _units(toks, taken)
    out += _delegations(toks, taken)
    out += _place_orgs(toks, spans, taken, kinds=state.kinds)
    out += _head_anaphora(toks, sorted(spans + out, key=lambda s: s.i), taken, state)
    out += _titled_persons(toks, sorted(spans + out, key=lambda s: s.i), taken, vocab, state)
    out += _head_noun_spans(toks, taken)
    out += _anaphora(toks, spans, taken, state)
    return out


def _take(taken: list[bool], i: int, j: int) -> None:
    for k in range(i, j):
        taken[k] = True


_UNIT_HEADS = _W.words["unit_heads"]
_UNIT_NAMES = {fold(w).removeprefix("ال"): w for w in _W.raw["unit_names"]}
_PLACE_ORG_HEADS = _W.words["place_org_heads"]
_PLACE_ORG_WORDS = _PLACE_ORG_HEADS | _W.words["place_org_words"]


def _units(toks: list[Tok], taken: list[bool]) -> list[Span]:
    """``اللواء 41`` / ``الفرقة 14``: a numbered military unit is an organisation."""
    out = []
    for k in range(len(toks) - 1):
        t, nxt = toks[k], toks[k + 1]
        head = next((v for v in t.variants if v in _UNIT_HEADS), None)
        if head is None or taken[k] or taken[k + 1] or not nxt.text[:1].isdigit():
            continue
        name = _UNIT_NAMES[head.removeprefix("ال")] + " " + nxt.text
        out.append(Span(i=k, j=k + 2, key=None, name=name, cls="Organization", rule="ar.unit"))
        _take(taken, k, k + 2)
    return out


def _delegations(toks: list[Tok], taken: list[bool]) -> list[Span]:
    """``الوفد العراقي``: a delegation named by its nationality is an organisation."""
    out = []
    for k in range(len(toks) - 1):
        if taken[k] or taken[k + 1] or not any(v in _DELEGATION_WORDS for v in toks[k].variants[:3]) \
                or not _is_nationality(toks[k + 1]):
            continue
        name = _strip_clitic_surface(_surface(toks, k, k + 2), toks[k].variants,
                                     next(v for v in toks[k].variants[:3] if v in _DELEGATION_WORDS))
        out.append(Span(i=k, j=k + 2, key=None, name=name, cls="Organization", rule="ar.delegation"))
        _take(taken, k, k + 2)
    return out


def _place_orgs(toks: list[Tok], spans: list[Span], taken: list[bool], *, kinds: Kinds) -> list[Span]:
    """``مديرية شرطة كركوك``, ``قيادة عمليات ديالى``: institution nouns followed by a place the gazetteer
    knows name a local institution (the place span stays, nested in it)."""
    out = []
    places = {s.i: s for s in spans if s.cls in kinds.place and s.j > s.i}
    for k, t in enumerate(toks):
        if taken[k] or not any(v in _PLACE_ORG_HEADS for v in t.variants[:3]):
            continue
        m = k
        while m < len(toks) and m - k < 3 and not taken[m] and (m == k or toks[m].norm in _PLACE_ORG_WORDS) \
                and any(v in _PLACE_ORG_WORDS for v in toks[m].variants[:3]):
            m += 1
        place = places.get(m)
        if place is None or not any(any(v in _PLACE_ORG_HEADS for v in x.variants[:3]) for x in toks[k:m]):
            continue
        head = next(v for v in t.variants[:3] if v in _PLACE_ORG_HEADS)
        name = _strip_clitic_surface(_surface(toks, k, place.j), t.variants, head)
        out.append(Span(i=k, j=place.j, key=None, name=name, cls="Organization", rule="ar.place-org"))
        _take(taken, k, m)
    return out


_TANWEEN = frozenset("\u064b\u064c\u064d")


def _name_ok(t: Tok, vocab: LanguageData) -> bool:
    if t.text == "علي":  # the name Ali, not the preposition على (they fold alike)
        return True
    if _is(t, vocab.titles) or any(v in vocab.stop for v in t.variants[1:3]):
        return False
    return (not t.is_punct and not any(ch in _TANWEEN for ch in t.text) and not t.text[:1].isdigit()
            and len(t.norm) > 1 and t.norm not in vocab.stop
            and t.norm not in vocab.titles and t.norm not in _NAME_BAD and not _is(t, vocab.speech_verbs)
            and not any("\u0600" > c or c > "\u06ff" for c in t.norm.replace(".", "")))


_NOT_NAME_HEAD = _MEETING_HEADS | _FACILITY_HEADS | _PLACE_HEADS | _ORG_HEADS_INDEF | _W.words["not_name_head"]
_NOT_NAME_WORDS = _W.words["not_name_words"]
_NAME_PARTICLE = _W.words["name_particle"]


def _boundary(toks: list[Tok], j: int, vocab: LanguageData) -> bool:
    if j >= len(toks):
        return True
    t = toks[j]
    return (t.is_punct or t.norm in vocab.titles or _is(t, _COMPLEMENTIZERS) or t.norm in vocab.stop
            or _is(t, vocab.speech_verbs) or t.norm in _NAME_BAD)


def _plausible_name(toks: list[Tok], i: int, j: int) -> bool:
    """Reject genitive noun phrases that follow a title (مدير استخبارات الشرطة، رئيس حكومة المنطقة)."""
    first = toks[i].norm
    if any(_is(toks[x], _NOT_NAME_WORDS) for x in range(i, j)):
        return False  # "وأكد المبعوث استمرار دعم …": verbal nouns after a bare title are no name
    if first.startswith(("وب", "ول", "وف", "فب")) or first.endswith(("ته", "تها", "هم")):
        return False
    if first in _NOT_NAME_HEAD or (first.endswith("ات") and len(first) > 4) or first.startswith(
            ("وال", "بال", "لل", "فال", "كال")) or any(_is(toks[x], _NOT_NAME_HEAD) for x in range(i, j)):
        return False
    rest = [t.norm for t in toks[i + 1:j] if not t.is_punct]
    return not (len(rest) >= 2 and all(r.startswith("ال") for r in rest) and first not in _NAME_PARTICLE)


def _titled_persons(toks: list[Tok], spans: list[Span], taken: list[bool], vocab: LanguageData,
                    state: DocState) -> list[Span]:
    """``TITLE (TITLE | ال-word | link | ORG)* NAME{1,4}``: the name right after the title chain."""
    out: list[Span] = []
    by_start = {s.i: s for s in spans}
    n = len(toks)
    k = 0
    while k < n:
        t = toks[k]
        if taken[k] or (t.norm not in vocab.titles and not (len(t.variants) > 1 and t.variants[1] in
                                                                vocab.titles)):
            k += 1
            continue
        start = k
        role_words = {t.norm, t.variants[-1]}
        org: Span | None = None
        m = k + 1
        al_run = 0
        while m < n:
            tm = toks[m]
            s = by_start.get(m)
            if s is not None:
                if s.cls == "Person":
                    break  # the title introduces a person the gazetteer knows
                if m == start + 1 and t.norm.startswith("ال") and tm.norm.startswith("ال") and s.j - s.i > 1 \
                        and not _is_nationality(tm):
                    break  # "وطالب القيادي المجتمع الدولي": a definite title takes no definite genitive
                if s.cls in state.kinds.actor and org is None:
                    org = s
                m = s.j
                al_run = 0
                continue
            if tm.norm in vocab.titles:
                if m - 1 > start and _is_nationality(toks[m - 1]):
                    break  # "وزير الدفاع العراقي قائد …": a second person's title
                role_words.add(tm.norm)
                m += 1
                al_run = 0
                continue
            if tm.norm in _TITLE_LINKS or tm.text in ("(", ")"):
                m += 1
                continue
            if tm.norm.startswith("ال") and al_run < 3 and tm.norm not in _NAME_BAD and not taken[m]:
                # الخارجية العراقي / العام : portfolio and nationality adjectives
                al_run += 1
                m += 1
                continue
            break
        if m < n and by_start.get(m) is not None and by_start[m].cls == "Person":
            k = m
            continue
        # the name: 1–4 name tokens, an initial with a full stop allowed (ستيفن ج. تاونسند)
        i = m
        j = i
        while j < n and j - i < 4 and not taken[j] and (_name_ok(toks[j], vocab) or (
                j > i and toks[j].text == "." and len(toks[j - 1].norm) == 1)):
            if j > i and (toks[j].norm in vocab.titles or (j > i + 1 and toks[j].norm.startswith("و")
                          and toks[j].norm != "ولد")):
                break  # a title or a coordinated word ends the name (ياسر عرفات وصور …)
            j += 1
        while j > i and toks[j - 1].text == ".":
            j -= 1
        if j - i > 2 and not _boundary(toks, j, vocab) and not any(
                toks[x].norm in _NAME_PARTICLE for x in range(i, j)):
            j = i + 2  # "عمر البشير بقلب نظام": without a boundary after it, a long run is name + words
        after_person = any(p.cls == "Person" and start - 2 <= p.j <= start and all(
            t.is_punct for t in toks[p.j:start]) and not _is(toks[p.i], vocab.titles) for p in spans + out)
        if j == i and not after_person:
            role = _role_only(toks, start, m, org, role_words, vocab)
            if role is not None:
                out.append(role)
                state.chain[id(role)] = start
                if org is not None:
                    state.role[id(role)] = org
                _take(taken, role.i, role.j)
                k = max(m, k + 1)
                continue
        if j == i or not toks[i].norm or (toks[i].norm.startswith("ال") and j - i == 1):
            k = max(m, k + 1)
            continue
        if j - i == 1 and toks[i].norm[:1] in ("ب", "ل", "ف", "و") and len(toks[i].variants) > 1 \
                and toks[i].norm.endswith("ه"):
            k += 1  # "مسؤول في داعش بغارة": a word with a proclitic after a title is no one-word name
            continue
        if j - i == 1 and not _boundary(toks, j, vocab):
            # TITLE + one word: only when the word stands alone (اللواء رسول، / اللواء رسول إن)
            k += 1
            continue
        # role after the name: "NAME القائد العام لـ ORG"
        after = j
        if org is None and j + 1 < n and toks[j].text in ("،", ",") and (
                _is(toks[j + 1], vocab.member_roles) or toks[j + 1].norm in vocab.member_roles):
            after = j + 1  # "اللواء NAME، قائد قوة المهام، إن …": the post follows in apposition
        appos = after > j
        lead_after = False
        while after < n and (toks[after].norm in vocab.titles or toks[after].norm in _TITLE_LINKS
                             or (toks[after].norm.startswith("ال") and toks[after].norm not in _NAME_BAD
                             and after not in by_start)):
            if toks[after].norm in vocab.lead_roles or toks[after].variants[-1] in vocab.lead_roles:
                lead_after = True
            role_words.add(toks[after].norm)
            after += 1
        if org is None and after < n and after in by_start and by_start[after].cls in state.kinds.actor and after > j:
            org = by_start[after]
        elif org is None and after < n and (after in by_start or any(
                s.i == after for s in spans)) and after == j:
            pass
        if org is None:
            # "لفرقة العمل …": the org may start with a clitic-bearing token right after the role words
            nxt = next((s for s in spans if j < s.i <= after + 1 and s.cls in state.kinds.actor), None)
            if nxt is not None and after > j:
                org = nxt
        lead = bool(role_words & vocab.lead_roles or lead_after) and not role_words & _TITLE_NO_LEAD
        if not _plausible_name(toks, i, j):
            k = max(m, k + 1)
            continue
        name = _surface(toks, i, j)
        sp = Span(i=i, j=j, key=None, name=name, cls="Person", rule="title", lead_role=lead)
        if appos:
            _take(taken, j, after)
        out.append(sp)
        state.chain[id(sp)] = start
        if org is not None:
            state.role[id(sp)] = org
        _take(taken, i, j)
        k = j
    return out


def _is_nationality(t: Tok) -> bool:
    n = t.norm[:-1] if t.norm.endswith("ه") else t.norm
    return n in _NATIONALITIES


def _role_only(toks: list[Tok], start: int, m: int, org: Span | None, role_words: set[str],
               vocab: LanguageData) -> Span | None:
    """``رئيس الوزراء العراقي``, ``السفير البريطاني لدى العراق``, ``قائد قوات التحالف الدولي``: a post named
    without a name is a person when the chain says whose post it is (a nationality or an organisation)."""
    m = next((x for x in range(start + 1, m) if toks[x].norm == "في"), m)  # "… في بغداد" says where, not whose
    while m > start + 1 and toks[m - 1].norm in _TITLE_LINKS:
        m -= 1
    first = toks[start]
    if m - start < 2 or not (role_words & vocab.member_roles or _is(first, vocab.member_roles)):
        return None
    if org is None and not any(_is_nationality(t) for t in toks[start:m]):
        return None
    if any(t.is_punct and t.text not in ("(", ")") for t in toks[start:m]):
        return None
    name = _surface(toks, start, m)
    if first.norm[:1] in ("و", "ف") and first.norm not in vocab.titles and first.norm[1:] in vocab.titles:
        name = name[1:]
    lead = bool(role_words & vocab.lead_roles or _is(first, vocab.lead_roles)) \
        and not role_words & _TITLE_NO_LEAD
    return Span(i=start, j=m, key=None, name=name, cls="Person", rule="title", lead_role=lead)


def _surnames(toks: list[Tok], taken: list[bool], state: DocState) -> list[Span]:
    out = []
    for k, t in enumerate(toks):
        if taken[k] or t.is_punct:
            continue
        for v in t.variants[:3]:
            p = state.persons.get(v)
            if p is not None:
                out.append(Span(i=k, j=k + 1, key=p.key, name=p.name, cls="Person", rule="surname"))
                taken[k] = True
                break
    return out


def _head_noun_spans(toks: list[Tok], taken: list[bool]) -> list[Span]:
    out: list[Span] = []
    n = len(toks)
    k = 0
    while k < n:
        t = toks[k]
        if taken[k] or t.is_punct:
            k += 1
            continue
        forms = t.variants[:3]
        if not any(f in _ALL_HEADS for f in forms):
            k += 1
            continue
        head = next((f for f in forms if f in _MEETING_HEADS), None)
        if head is not None:
            j = k + 1
            while j < n and j - k < 3 and not taken[j] and toks[j].norm.startswith("ال") == head.startswith("ال") \
                    and _adjective(toks[j]) and toks[j].norm not in _MEETING_BAD_ADJ and _meeting_adjective(toks[j]):
                j += 1
            if (j < n and toks[j].norm in _MEETING_BAD_ADJ) or head == "الاجتماعات":
                k = j + 1
                continue
            name = _strip_clitic_surface(_surface(toks, k, j), t.variants, head)
            out.append(Span(i=k, j=j, key=None, name=name, cls="Meeting", rule="ar.meeting"))
            _take(taken, k, j)
            k = j
            continue
        if any(f in _PARTNERS for f in forms):
            j = k + 1
            while j < n and j - k < 3 and not taken[j] and toks[j].norm.startswith("ال") and _adjective(toks[j]):
                j += 1
            stem = next(f for f in forms if f in _PARTNERS)
            if j + 1 < n and toks[j].norm in _PARTNER_PREPOSITIONS and taken[j + 1]:
                k = j  # "شركائه في قوات سوريا الديمقراطية": the partner is named right after
                continue
            out.append(Span(i=k, j=j, key=None, name=_strip_clitic_surface(_surface(toks, k, j), t.variants, stem),
                            cls="Organization", rule="ar.partners"))
            _take(taken, k, j)
            k = j
            continue
        if any(f in _FACILITY_GENERIC for f in forms):
            stem = next(f for f in forms if f in _FACILITY_GENERIC)
            out.append(Span(i=k, j=k + 1, key=None, name=_strip_clitic_surface(t.text, t.variants, stem),
                            cls="Facility", rule="ar.facility"))
            taken[k] = True
            k += 1
            continue
        if any(f.startswith("ال") for f in forms[:2]) and not any(f in _FACILITY_GENERIC for f in forms):
            k += 1  # a definite head (القوات الأمنية) is a description, not a name
            continue
        head_cls = ("Facility" if any(f in _FACILITY_HEADS for f in forms) else
                    "Place" if any(f in _PLACE_HEADS for f in forms) else
                    "Organization" if any(f in _ORG_HEADS_INDEF for f in forms) else None)
        if head_cls is not None and k + 1 < n and not taken[k + 1]:
            j = k + 1
            if head_cls == "Organization":
                while j < n and j - k <= 3 and not taken[j] and toks[j].norm.startswith("ال") and _adjective(toks[j]):
                    j += 1
            elif _adjective(toks[j]) or (not toks[j].norm.startswith(("ال", "لل", "بال")) and not toks[j].is_punct \
                    and toks[j].norm not in _NAME_BAD and len(toks[j].norm) > 2):
                j += 1
                while j < n and j - k <= 2 and not taken[j] and toks[j].norm.startswith("ال") and _adjective(toks[j]):
                    j += 1
            if j > k + 1:
                stem = next(f for f in forms if f in (_FACILITY_HEADS | _PLACE_HEADS | _ORG_HEADS_INDEF))
                out.append(Span(i=k, j=j, key=None, name=_strip_clitic_surface(_surface(toks, k, j), t.variants,
                                                                                stem),
                                cls=head_cls, rule="ar.head"))
                _take(taken, k, j)
                k = j
                continue
        k += 1
    return out


_ALL_HEADS = _MEETING_HEADS | _FACILITY_GENERIC | _FACILITY_HEADS | _PLACE_HEADS | _ORG_HEADS_INDEF | _PARTNERS


_MEETING_ADJ = _W.words["meeting_adj"]


def _meeting_adjective(t: Tok) -> bool:
    """``الوزاري``, ``دولي``, ``وزارياً``, ``المقبل`` — not a noun that follows (``للاجتماع الالتزام``)."""
    n = t.norm
    return n.endswith(("ي", "يه", "يا")) or n in _MEETING_ADJ


def _adjective(t: Tok) -> bool:
    n = t.norm
    if n.startswith(("ل", "ب", "وال", "فال")) and not n.startswith("ال"):
        return False  # a prepositional phrase (لإعادة، بالتعاون) is not part of the name
    return not t.is_punct and t.norm not in _NAME_BAD and t.norm not in _RELATIVE and len(t.norm) > 2 \
        and not t.text[:1].isdigit()


_RANKS = _W.words["ranks"]
_ANAPHOR_HEADS = _W.words["anaphor_heads"]


def _head_of(s: Span) -> str | None:
    first = fold(s.name.split()[0]) if s.name else ""
    return next((c for c in (first, first[1:], first[2:], first[3:]) if c in _ANAPHOR_HEADS), None)


def _head_anaphora(toks: list[Tok], spans: list[Span], taken: list[bool], state: DocState) -> list[Span]:
    """``الهيئة`` / ``المجلس`` / ``اللواء`` alone → the last organisation whose name opens with that noun
    (هيئة الحشد الشعبي، مجلس الأمن الدولي، اللواء 41), in this sentence or before."""
    out = []
    for k, t in enumerate(toks):
        if taken[k] or not t.norm.removeprefix("و").removeprefix("ف").startswith(("ال", "لل", "بال")):
            continue
        head = next((v[2:] for v in t.variants[:4] if v.startswith("ال") and v[2:] in _ANAPHOR_HEADS), None)
        if head is None:
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and not nxt.is_punct and nxt.norm.startswith("ال") and _adjective(nxt) \
                and not any(s.i == k + 1 for s in spans) and nxt.norm not in _RANKS:
            continue  # "المجلس الأعلى": a new name, not a reference
        here = [s for s in spans
                if s.j <= k and s.cls in state.kinds.actor and s.cls != "Person" and _head_of(s) == head]
        ante = here[-1] if here else state.by_head.get(head)
        if ante is None or (head == "لواء" and nxt is not None and not nxt.is_punct
                            and not _verb_like(nxt)):
            continue
        out.append(_copy(ante, k, k + 1, "ar.anaphor"))
        taken[k] = True
    return out


def _anaphora(toks: list[Tok], spans: list[Span], taken: list[bool], state: DocState) -> list[Span]:
    """``التنظيم`` / ``التنظيم الإرهابي`` → the last armed group named (in this sentence or before)."""
    out = []
    armed = sorted((s for s in spans if s.cls == "ArmedGroup" and s.key is not None), key=lambda s: s.i)
    for k, t in enumerate(toks):
        if taken[k]:
            continue
        if any(v in _ANAPHOR_GROUP for v in t.variants[:3]):
            ante = next((s for s in reversed(armed) if s.j <= k), state.last_armed)
            if ante is None:
                continue
            j = k + 1 if not (k + 1 < len(toks) and toks[k + 1].norm in _ANAPHOR_ADJ) else k + 2
            out.append(_copy(ante, k, j, "ar.anaphor"))
            _take(taken, k, j)
    return out


#: words that qualify a rank (الفريق الركن، اللواء المتقاعد)
_RANK_QUALIFIERS = frozenset({"الركن", "المتقاعد", "البحري", "الطيار", "اول", "الاول"})


def post_appositions(toks: list[Tok], spans: list[Span], state: DocState, vocab: LanguageData) -> list[Span]:
    """``الأمين العام لوزارة X، الفريق بختيار صديق``, ``المبعوث الخاص للتحالف، إيان مكاري``: a post named without
    a name and cut from the name by a comma is the post of the person named right after it (a rank may come
    between). The person takes the post (``memberOf`` / ``leads`` its organisation); the post-only person
    is left out."""
    drop: set[int] = set()
    for n, p in enumerate(spans):
        if p.cls != "Person" or p.rule != "title" or p.key is not None or p.j <= p.i \
                or state.chain.get(id(p)) != p.i or id(p) not in state.role or p.j >= len(toks) \
                or toks[p.j].text not in ("،", ","):
            continue
        q = next((s for s in spans[n + 1:] if s.j > s.i and s.i >= p.j), None)
        if q is None or q.cls != "Person" or id(q) in state.role:
            continue
        between = toks[p.j + 1:q.i]
        if len(between) > 3 or not all(_is(t, vocab.titles) or _is(t, _RANKS) or t.norm in _TITLE_LINKS
                                       or t.norm in _RANK_QUALIFIERS for t in between):
            continue
        state.role[id(q)] = state.role[id(p)]
        state.chain[id(q)] = p.i  # the post, the comma and the rank introduce the name (for the speaker)
        q.lead_role = p.lead_role
        q.rule = "title"
        drop.add(id(p))
    return [s for s in spans if id(s) not in drop]


def reindex_roles(spans: list[Span], state: DocState) -> None:
    """Point every titled person's ``role_of`` at its organisation's index in the (re-sorted) span list."""
    pos = {id(s): n for n, s in enumerate(spans)}
    for s in spans:
        org = state.role.get(id(s))
        s.role_of = pos.get(id(org)) if org is not None else None


def _led_by(toks: list[Tok], spans: list[Span], org: Span, *, kinds: Kinds) -> Span | None:
    """``ORG (…) بقيادة X``: the organisation that leads ``org`` in the same sentence."""
    k = org.j
    ends = {s.i: s.j for s in spans if s.key is not None and s.key == org.key}
    while k < len(toks) and (toks[k].text in ("(", ")") or toks[k].norm == "في" or k in ends):
        k = ends.get(k, k + 1)
    if (k < len(toks) and toks[k].variants[-1] in _LED_BY) or (
            k < len(toks) and "قياده" in toks[k].variants[:3] and toks[k].norm.startswith("ب")):
        return next((s for s in spans if s.i == k + 1 and s.cls in kinds.actor and s.cls != "Person"), None)
    return None


def remember(spans: list[Span], state: DocState, vocab: LanguageData) -> None:
    """Update the document state with this sentence's spans (persons, the last armed group and meeting)."""
    for s in spans:
        if s.cls == "Person" and s.rule == "title":
            parts = s.name.split()
            if len(parts) >= 2 and not any(fold(p) in vocab.titles for p in parts[:1]):
                state.persons[fold(parts[-1])] = s
        elif s.cls == "Person" and s.rule == "gazetteer" and s.key is not None and len(s.name.split()) >= 2:
            state.persons.setdefault(fold(s.name.split()[-1]), s)  # "محمد شياع السوداني" … "دعا السوداني"
        elif s.cls == "ArmedGroup" and s.key is not None:
            state.last_armed = s
        elif s.cls == "Meeting" and s.rule == "ar.meeting" and state.last_meeting is None:
            state.last_meeting = s
        if s.cls in state.kinds.actor and s.cls != "Person" and s.j > s.i and s.rule != "first-person":
            head = _head_of(s)
            if head is not None:
                state.by_head[head] = s


def unify_meetings(spans: list[Span], state: DocState, toks: list[Tok]) -> None:
    """A later bare ``الاجتماع`` (or ``هذا الاجتماع``) names the document's first meeting."""
    first = state.last_meeting
    if first is None:
        return
    for s in spans:
        if s.cls != "Meeting" or s is first:
            continue
        bare = (s.j - s.i == 1 and toks[s.i].variants[-1] in _BARE_MEETING_WORDS) or (
            s.i > 0 and toks[s.i - 1].norm in _DEMONSTRATIVE)
        if bare or fold(s.name) == fold(first.name):
            s.name = first.name


_SPEAKER_POSSESSIVE = _W.words["speaker_possessive"]


def first_person_spans(toks: list[Tok], spans: list[Span], org: Span | None,
                       vocab: LanguageData) -> list[Span]:
    """First-person words inside a quote (نحن، قواتنا، دورنا) → the speaker's organisation; so are "his forces"
    (قواته) in indirect speech after إن/أن."""
    if org is None:
        return []
    taken = {k for s in spans for k in range(s.i, s.j)}
    comp = next((k for k, t in enumerate(toks) if not t.in_quote and _is(t, _COMPLEMENTIZERS)), None)
    return [_copy(org, k, k + 1, "first-person") for k, t in enumerate(toks)
            if k not in taken and ((t.in_quote and any(v in vocab.first_person for v in t.variants[:3]))
                                   or (comp is not None and k > comp and not t.in_quote
                                       and _is(t, _SPEAKER_POSSESSIVE)))]


# ----------------------------------------------------------------------------------------------- speaker
def find_speaker(toks: list[Tok], spans: list[Span], vocab: LanguageData, *, last: Speaker | None,
                 state: DocState, gaz: Gazetteer) -> tuple[Speaker | None, int | None]:
    """The speaker of a sentence: ``(وقال|وأضاف|…) SUBJECT`` or a bare continuation verb (→ ``last``)."""
    n = len(toks)
    start = 0
    for k in range(min(n, 7)):
        if toks[k].text in _DATELINE:
            start = k + 1
            break
    first = next((k for k in range(start, n) if not toks[k].is_punct), None)
    if first is None:
        return None, None
    if toks[0].in_quote and toks[0].text not in ("«", "“", '"') and last is not None:
        return last, None  # a quote that runs on from the previous sentence
    for k in range(first, n):
        t = toks[k]
        if t.in_quote:
            break
        if _is(t, _ACCORDING_TO) or (t.norm in _ACCORDING_TO_LAM and k + 1 < n):
            # "بحسب بيان للتحالف الدولي" / "وفقاً لقوات سوريا الديمقراطية": the source of the sentence
            for s in spans:
                if s.cls in state.kinds.actor and not toks[s.i].in_quote and k < state.chain.get(id(s), s.i) <= k + 3:
                    return _make_speaker(toks, s, spans, state, gaz, False), None  # covers the whole sentence
            continue
        if not (_is(t, vocab.speech_verbs) or _is(t, _SPEECH_EXTRA)):
            continue
        nxt = k + 1
        for idx, s in enumerate(spans):
            if s.cls not in state.kinds.actor or toks[s.i].in_quote:
                continue
            begin = state.chain.get(id(s), s.i)
            if begin == nxt:
                neg = t.variants[-1] in vocab.negated_speech or any(
                    v in vocab.negated_speech for v in t.variants[:2])
                return _make_speaker(toks, s, spans, state, gaz, neg), idx
        if k == first and last is not None and (nxt >= n or toks[nxt].is_punct or toks[nxt].norm in _CONTINUE_NEXT
                                                 or (toks[nxt].norm in vocab.titles and nxt + 1 < n and (
                                                     toks[nxt + 1].is_punct or toks[nxt + 1].norm in _CONTINUE_NEXT))):
            return last, None  # وأضاف، / وأوضح أن / وأوضح المتحدث أن: the same speaker goes on
    return None, None


#: nationality adjectives (masculine; the feminine adds ة) → gazetteer country or government
_NATIONALITIES = _W.maps["nationalities"]


def _nationality(toks: list[Tok], i: int, j: int, gaz: Gazetteer) -> Span | None:
    """``السفير البريطاني NAME``: the country whose post the title names (for "we" in the quote)."""
    for t in toks[i:j]:
        n = t.norm[:-1] if t.norm.endswith("ه") else t.norm
        key = _NATIONALITIES.get(n)
        if key is not None and key in gaz.entries:
            e = gaz.entries[key]
            return Span(i=0, j=0, key=key, name=e.labels.get("ar", key), cls=e.cls, rule="speaker-org")
    return None


def _make_speaker(toks: list[Tok], s: Span, spans: list[Span], state: DocState, gaz: Gazetteer,
                  negated: bool) -> Speaker:
    org: Span | None
    if s.cls != "Person":
        org = s
    elif s.role_of is not None:
        org = spans[s.role_of]
        org = _led_by(toks, spans, org, kinds=state.kinds) or org
        state.person_org[s.name] = org
    else:
        org = state.person_org.get(s.name)
        start = state.chain.get(id(s))
        if start is not None:
            org = next((o for o in spans if o.j > o.i and start <= o.i and o.j <= s.i and o.cls in state.kinds.actor
                        and o.cls != "Person"), org)
            if org is not None:
                org = _led_by(toks, spans, org, kinds=state.kinds) or org
                state.person_org[s.name] = org
        if org is None and start is not None:
            org = _nationality(toks, start, s.i, gaz)
            if org is not None:
                state.person_org[s.name] = org
        if org is None and s.key is not None:
            entry = gaz.entries.get(s.key)
            parent = next((gaz.entries[p] for p in (entry.part_of if entry else []) if p in gaz.entries
                           and gaz.entries[p].cls in state.kinds.actor), None)
            if parent is not None:
                org = Span(i=0, j=0, key=parent.id, name=parent.labels.get("ar", parent.id), cls=parent.cls,
                           rule="speaker-org")
    return Speaker(span_name=s.name, key=s.key, cls=s.cls, org=org, negated=negated)


# ----------------------------------------------------------------------------------------------- relations
@dataclass
class _Ctx:
    toks: list[Tok]
    spans: list[Span]
    clause: list[int]
    vocab: LanguageData
    org: Span | None  # the speaker's organisation (first person inside quotes)
    voice: Span | None  # the document's voice (first person outside quotes)
    chain: dict[int, int] = field(default_factory=dict)
    org_idx: int | None = None
    voice_idx: int | None = None
    nested: dict[int, bool] = field(default_factory=dict)  # id(span) → inside a longer span (cache)
    schema: Schema = field(default_factory=load_schema)

    kinds: Kinds = field(init=False)
    countries: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.kinds = Kinds.of(self.schema)
        self.countries = self.schema.under("Country")


def _begin(ctx: _Ctx, s: Span) -> int:
    return ctx.chain.get(id(s), s.i)


def title_chains(toks: list[Tok], spans: list[Span], state: DocState, vocab: LanguageData) -> None:
    """Record the title chains before gazetteer persons (for speaker detection and the VSO test)."""
    ctx = _Ctx(toks=toks, spans=spans, clause=[], vocab=vocab, org=None, voice=None, chain=state.chain)
    _title_chains(ctx)


def _title_chains(ctx: _Ctx) -> None:
    """Title chains before gazetteer persons (رئيس الوزراء حيدر العبادي; قائد قوات X مظلوم عبدي)."""
    toks = ctx.toks
    starts = {s.j: s for s in ctx.spans if s.j > s.i}
    for s in ctx.spans:
        if s.cls != "Person" or id(s) in ctx.chain or s.j == s.i or s.rule not in ("gazetteer", "model"):
            continue
        k = s.i
        best = None
        while k > 0:
            prev = toks[k - 1]
            inner = starts.get(k)
            if inner is not None and inner is not s and inner.cls in ctx.kinds.actor and inner.cls != "Person":
                k = inner.i
                continue
            if prev.norm in ctx.vocab.titles or _is(prev, ctx.vocab.titles):
                k -= 1
                best = k
                continue
            if prev.norm in _TITLE_LINKS or (prev.norm.startswith("ال") and not prev.is_punct):
                k -= 1
                continue
            break
        if best is not None:
            ctx.chain[id(s)] = best


def _nested(ctx: _Ctx, n: int) -> bool:
    """Is span ``n`` inside a longer span (the org in ``قائد قوات التحالف``, the place in ``شرطة كركوك``)?"""
    s = ctx.spans[n]
    hit = ctx.nested.get(id(s))
    if hit is None:
        hit = s.j > s.i and any(p.j > p.i and p.i <= s.i and s.j <= p.j and (p.i, p.j) != (s.i, s.j)
                                for p in ctx.spans)
        ctx.nested[id(s)] = hit
    return hit


def _in_chain(ctx: _Ctx, n: int) -> bool:
    """Is span ``n`` part of a person's title chain (the organisation in قائد قوات X NAME)?"""
    s = ctx.spans[n]
    return s.cls != "Person" and any(
        ctx.chain.get(id(p), p.i) <= s.i and s.j <= p.i for p in ctx.spans if p.cls == "Person" and id(p) in ctx.chain)


def _subject_position(ctx: _Ctx, n: int) -> bool:
    """Clause-initial, right after the clause's first word (VSO), or after إن/أن."""
    s = ctx.spans[n]
    toks = ctx.toks
    b = _begin(ctx, s)
    c = ctx.clause[s.i]
    if b >= 2 and toks[b - 1].norm == "من" and _is(toks[b - 2], _PARTITIVE):
        b -= 2  # "قوة من مديرية الشرطة اعتقلت …": the force is part of the actor
    elif b >= 1 and _is(toks[b - 1], _PARTITIVE_GENITIVE):
        b -= 1  # "طائرات القوة الجوية دمرت …"
    elif b >= 2 and _is(toks[b - 1], _AFFILIATED) and not toks[b - 2].is_punct:
        b -= 2  # "شنت خلايا تابعة لتنظيم داعش هجوما": the cells are the organisation's
    k = b - 1
    if k >= 0 and ctx.clause[k] == c and (_is(toks[k], _COMPLEMENTIZERS) or _is(toks[k], _MASDAR_SUBJECT)):
        return True  # "… أن X", "مع استمرار X في تقديم الدعم": X acts
    pre = [m for m in range(b) if ctx.clause[m] == c and not toks[m].is_punct]
    while pre and (_is(toks[pre[0]], _PARTICLES) or _is(toks[pre[0]], _AUXILIARIES)):
        pre.pop(0)
    if not pre:
        return True
    if len(pre) == 1:
        return _verb_like(toks[pre[0]])
    # "وفي سياق متصل اعتقلت قسد …": a short fronted phrase, then the verb, then the subject
    return 2 < len(pre) <= 4 and toks[pre[0]].norm in _FRONTED and _verb_like(toks[pre[-1]]) \
        and toks[pre[-1]].norm[:1] not in ("ب", "ل")


def _first_person_clause(ctx: _Ctx, c: int, upto: int) -> bool:
    toks = ctx.toks
    words = [m for m in range(upto) if ctx.clause[m] == c and not toks[m].is_punct]
    while words and _is(toks[words[0]], _PARTICLES):
        words.pop(0)
    for m in words:
        t = toks[m]
        if any(v in ctx.vocab.first_person for v in t.variants[:3]):
            return True
    if words:
        w = toks[words[0]].norm
        if w.startswith(_FIRST_PERSON_VERBS_PREFIX) and len(w) >= 4 and not w.startswith(("نحو", "نفس", "نظ")):
            return True
    return False


def _clause_subjects(ctx: _Ctx, c: int, before: int, quote: bool) -> list[int]:
    """Actors in subject position in clause ``c`` before token ``before``, nearest last."""
    out = []
    for n, s in enumerate(ctx.spans):
        if s.j == s.i or ctx.clause[s.i] != c or s.j > before or ctx.toks[s.i].in_quote != quote \
                or _nested(ctx, n):
            continue
        if s.cls in ctx.kinds.actor or s.cls == "Country":
            if _subject_position(ctx, n) or (s.j < len(ctx.toks) and _is(ctx.toks[s.j], _RELATIVE)):
                out.append(n)
    return out


#: a list introduced after a group: "كبار المسؤولين بمن فيهم A، وB" (A and B are coordinated with the group)
_LIST_LINKS = frozenset({"بمن فيهم", "بما في ذلك", "ومنهم", "منهم", "بمن فيهن", "بما فيها", "بما فيهم"})


def _coordinated(ctx: _Ctx, n: int) -> list[int]:
    """Spans joined to span ``n`` by و: ``الولايات المتحدة والتحالف الدولي``; a conjunct may open with its
    title (``ووزير الدفاع خالد العبيدي``), follow an adjective the previous span left out (``حكومة العراق الوطنية
    وحكومات المحافظات``), or follow ``بمن فيهم`` / ``بما في ذلك``."""
    out = []
    cur = ctx.spans[n]
    covered = {k for s in ctx.spans for k in range(s.i, s.j)}
    for m, s in sorted(enumerate(ctx.spans), key=lambda p: p[1].i):
        if s.i < cur.j or s.j == s.i:
            continue
        b = _begin(ctx, s)
        if b < cur.j:
            b = s.i
        between = ctx.toks[cur.j:b]
        first_tok = ctx.toks[b]
        conj = first_tok.norm.startswith("و") and first_tok.norm[1:] in first_tok.variants and (
            b == s.i or first_tok.norm[1:] in ctx.vocab.titles)  # ووزير الدفاع X, but وزير الدفاع X is no و
        words = " ".join(t.norm for t in between if not t.is_punct)
        if (not between and conj) or (
                between and all(t.norm in ("و", "،", ",") for t in between) and between[-1].norm == "و") or (
                between and words in _LIST_LINKS) or (
                between and conj and all(t.norm in ("،", ",") or (t.norm.startswith("ال") and t.i not in covered)
                                         for t in between) and len(between) <= 2):
            after = ctx.toks[s.j] if s.j < len(ctx.toks) else None
            if after is not None and (after.norm in ctx.vocab.negations or (after.norm[:1] in ("ي", "ت")
                                      and _verb_like(after) and len(after.norm) >= 4 and not _dual(after))):
                break  # "… وداعش لا يزال يهدد": a new clause, not a coordinated object
            out.append(m)
            cur = s
            continue
        break
    return out


#: an accompaniment inserted between a verb's subject and its object: "التقى X، يرافقه Y، مع Z"
_ACCOMPANIED = frozenset({"يرافقه", "يرافقها", "ويرافقه", "ويرافقها", "برفقه", "يرافقهم", "ترافقه"})


def _after_insertion(ctx: _Ctx, pos: int) -> int:
    """``pos``, or the token after an accompaniment insertion that starts there (``، يرافقه Y،``)."""
    toks = ctx.toks
    if pos + 1 < len(toks) and toks[pos].text in ("،", ",") and toks[pos + 1].norm in _ACCOMPANIED:
        end = next((k for k in range(pos + 2, min(len(toks), pos + 16)) if toks[k].text in ("،", ",")), None)
        if end is not None:
            return end + 1
    return pos


_PARTITIVE = _W.words["partitive"]
_AFFILIATED = _W.words["affiliated"]
_PARTITIVE_GENITIVE = _W.words["partitive_genitive"]
_PRONOUN_COMPLEMENT = _W.words["pronoun_complement"]
_FOILED = _W.words["foiled"]
_MASDAR_SUBJECT = _W.words["masdar_subject"]
_PARTICIPLES = _W.words["participles"]
_PREPOSITIONS = _W.words["prepositions"]


def _subject(ctx: _Ctx, hit: TriggerHit, c: int) -> int | None:
    toks = ctx.toks
    quote = toks[hit.i].in_quote
    if hit.i > 0 and _is(toks[hit.i - 1], _RELATIVE):
        # "الفصائل التي تهاجم …": the subject is the relative's antecedent, and only if it is an actor
        ante = next((n for n, s in enumerate(ctx.spans) if s.i < s.j == hit.i - 1), None)
        return ante if ante is not None and ctx.spans[ante].cls in ctx.kinds.actor else None
    cands = _clause_subjects(ctx, c, hit.i, quote)
    if cands:
        return cands[-1]
    if hit.i > 0 and toks[hit.i - 1].norm in _PRONOUN_COMPLEMENT:
        # "أكد حلف شمال الأطلسي أنه قتل …": the pronoun is the actor that spoke
        before = [n for n, s in enumerate(ctx.spans) if s.i < s.j <= hit.i - 1 and ctx.clause[s.i] == c
                  and (s.cls in ctx.kinds.actor or s.cls == "Country") and toks[s.i].in_quote == quote]
        if before:
            return before[-1]
    if _first_person_clause(ctx, c, hit.i + 1):
        return ctx.org_idx if quote else ctx.voice_idx
    # a clause that opens with و + verb continues the previous clause's subject (same quote state)
    words = [m for m in range(hit.i + 1) if ctx.clause[m] == c and not toks[m].is_punct]
    if words and c > 0 and (_verb_like(toks[words[0]]) or words[0] == hit.i or toks[words[0]].norm in _RESUMPTIVE):
        prev = c - 1
        while prev >= 0 and not any(ctx.clause[m] == prev for m in range(len(toks)) if not toks[m].is_punct):
            prev -= 1
        if prev >= 0:
            p = [n for n in _clause_subjects(ctx, prev, hit.i, quote)
                 if not (ctx.spans[n].j < len(toks) and _is(toks[ctx.spans[n].j], _COMPLEMENTIZERS))]
            if p:
                return p[-1]
    return None


def _gap(ctx: _Ctx, a: int, b: int) -> int:
    return sum(1 for t in ctx.toks[a:b] if not t.is_punct)


def _objects_after(ctx: _Ctx, pos: int, c: int, max_gap: int, *, skip_chain: bool = False) -> list[int]:
    """The first span after ``pos`` in clause ``c`` within ``max_gap`` tokens (and those coordinated with it)."""
    right = sorted((n for n, s in enumerate(ctx.spans) if s.i >= pos and s.j > s.i and ctx.clause[s.i] == c
                    and not (skip_chain and _in_chain(ctx, n)) and not _nested(ctx, n)),
                   key=lambda n: ctx.spans[n].i)
    if not right:
        return []
    first = right[0]
    if _gap(ctx, pos, _begin(ctx, ctx.spans[first])) > max_gap:
        return []
    return [first, *_coordinated(ctx, first)]


def _negated(toks: list[Tok], i: int, vocab: LanguageData) -> bool:
    k = i - 1
    while k >= 0 and i - k <= 4:
        t = toks[k]
        if t.text in CLAUSE_SEP:
            return False
        if any(v in vocab.negations for v in t.variants[:2]):
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is not None and _is(nxt, _STILL):
                k -= 1
                continue
            if any(t2.norm in _EXCEPT for t2 in toks[k + 1:i]):
                return False
            window = " ".join(x.norm for x in toks[max(0, k - 5):i])
            return not any(p in window for p in vocab.double_negation)
        k -= 1
    return False


#: "any" before a noun trigger makes it no event (أي هجوم على الأفراد: whatever attack there may be)
_ANY = frozenset({"اي", "لاي", "باي", "واي"})


def _hedged(toks: list[Tok], i: int, vocab: LanguageData) -> bool:
    if i > 0 and toks[i - 1].norm in _ANY:
        return True
    k = i - 1
    while k >= 0 and i - k <= 6:
        t = toks[k]
        if t.text in ("؛", ";", ":", "«", "»"):
            return False
        if t.norm in _QAD:
            nxt = toks[k + 1].norm if k + 1 < len(toks) else ""
            if nxt.startswith("ي") or (nxt[:1] in ("ت", "ن") and not nxt.endswith(("ت", "وا")) and len(nxt) >= 4):
                return True
        elif t.norm not in ("قد",) and any(v in vocab.hedges for v in t.variants[:2]):
            return True
        k -= 1
    return False


def modality(toks: list[Tok], spans: list[Span], hits: list[TriggerHit], vocab: LanguageData,
             schema: Schema) -> list[int]:
    """Negation and hedging of every trigger (see the module docstring); returns the clause ids it used."""
    clause = clause_ids(toks, spans, vocab.negations)
    ctx = _Ctx(toks=toks, spans=spans, clause=clause, vocab=vocab, org=None, voice=None, schema=schema)
    for hit in hits:
        hit.negated = _negated(toks, hit.i, vocab)
        hit.hedged = _hedged(toks, hit.i, vocab) or _projected(ctx, hits, hit, clause[hit.i])
    return clause


def relations(toks: list[Tok], spans: list[Span], hits: list[TriggerHit], vocab: LanguageData, *,
              org: Span | None, voice: Span | None, chain: dict[int, int],
              gaz: Gazetteer | None = None, state: DocState | None = None,
              clause: list[int] | None = None) -> tuple[list[RawRelation], list[Span]]:
    """Attach subject and object to every trigger (negated and hedged as :func:`modality` said); returns the
    relations and any helper spans added. ``clause``: the clause ids :func:`modality` computed, if at hand."""
    added: list[Span] = []
    if clause is None:
        clause = clause_ids(toks, spans, vocab.negations)
    ctx = _Ctx(toks=toks, spans=spans, clause=clause, vocab=vocab, org=org, voice=voice, chain=chain,
               schema=state.schema if state is not None else load_schema())
    if org is not None:
        ctx.org_idx = len(spans)
        spans.append(_copy(org, 0, 0, "first-person"))
        added.append(spans[-1])
    if voice is not None:
        ctx.voice_idx = len(spans)
        spans.append(_copy(voice, 0, 0, "first-person"))
        added.append(spans[-1])
    out: list[RawRelation] = []
    ctx.chain = dict(chain)
    _title_chains(ctx)
    inside = {k for s in spans for k in range(s.i + 1, s.j)} | {s.i for s in spans if s.j - s.i > 1}
    for hit in hits:
        if hit.i in inside:
            continue
        prop = hit.trigger.property
        frame = hit.trigger.frame
        if frame in ("active", "symmetric") and _preposition_stripped(toks[hit.i], hit):
            continue  # "لأسر الضحايا" is "to the families of", not the verb أسر
        c = ctx.clause[hit.i]
        pairs: list[tuple[int, int]] = []
        if frame == "located":
            pairs = _located(ctx, hit, c)
        elif frame == "passive":
            pairs = _passive(ctx, hit, c, prop)
        elif frame in ("active", "symmetric") and not _definite(toks[hit.i], hit):
            pairs = _verbal(ctx, hit, c)
        else:
            pairs = _nominal(ctx, hit, c, ctx.schema.family(prop))
        negated, hedged = hit.negated, hit.hedged
        if prop == "attacks" and any(_is(t, _FOILED) and ctx.clause[x] == c
                                     for x, t in enumerate(toks[max(0, hit.i - 6):hit.i], max(0, hit.i - 6))):
            prop = "threatens"  # "إحباط هجوم لداعش على سجن": a foiled attack was a threat, not a fact
        for subj, obj in dict.fromkeys(pairs):
            s, o = spans[subj], spans[obj]
            if subj == obj or (s.key is not None and s.key == o.key) or (s.key is None and s.name == o.name):
                continue
            if not ctx.schema.fits(prop, s.cls, o.cls):
                continue
            if o.cls in ctx.countries and ctx.schema.family(prop) == "opposes":
                # "ضربة جوية في الصومال", "تهديداً للعراق": after an opposing word a country says where, not whom
                continue
            out.append(RawRelation(subj=subj, obj=obj, predicate=prop, hit=hit, rule=f"{hit.trigger.id}:ar.{frame}",
                                   negated=negated, hedged=hedged, confidence=hit.trigger.confidence))
    out += _meeting_of(ctx)
    out += _adjacent_places(ctx)
    out += _unit_of(ctx)
    out += _attack_events(ctx, hits, state, added)
    if gaz is not None:
        out += _office_holders(ctx, gaz, added)
    return out, added


_GOVERNMENT_WORDS = _W.words["government_words"]


def _office_holders(ctx: _Ctx, gaz: Gazetteer, added: list[Span]) -> list[RawRelation]:
    """``رئيس الوزراء العبادي``: a known person under a title, with no organisation named, holds a post in the
    body the gazetteer places them in (``kg:partOf``); a head of government ``leads`` it."""
    out = []
    for n, s in enumerate(list(ctx.spans)):
        start = ctx.chain.get(id(s))
        if s.cls != "Person" or start is None:
            continue
        if s.rule == "title" and s.role_of is None:
            # "وزير الخارجية العراقي NAME": a post in the government the nationality names
            end = s.i if start < s.i else s.j  # a post named without a name: the nationality is in the span
            gov = _nationality(ctx.toks, start, end, gaz)
            if gov is not None and (gov.cls == "Government" or (end == s.j and gov.cls == "Country")):
                words = {t.norm for t in ctx.toks[start:end]}
                lead = bool(words & ctx.vocab.lead_roles) and bool(words & _GOVERNMENT_WORDS) \
                    and not words & _TITLE_NO_LEAD
                ctx.spans.append(gov)
                added.append(gov)
                pred = "leads" if lead else "memberOf"
                out.append(RawRelation(subj=n, obj=len(ctx.spans) - 1, predicate=pred, hit=None,
                                       rule=f"ar.office:{pred}", negated=False, hedged=False, confidence=0.7))
            continue
        if s.key is None or s.rule != "gazetteer":
            continue
        words = {t.norm for t in ctx.toks[start:s.i]}
        in_chain = [m for m, o in enumerate(ctx.spans) if o is not s and o.j > o.i and start <= o.i and o.j <= s.i
                    and o.cls in ctx.kinds.actor]
        if in_chain:
            # "قائد قوات سوريا الديمقراطية مظلوم عبدي": the post is in the organisation the chain names
            lead = bool(words & ctx.vocab.lead_roles) and not words & _TITLE_NO_LEAD
            pred = "leads" if lead else "memberOf"
            out.append(RawRelation(subj=n, obj=in_chain[0], predicate=pred, hit=None, rule=f"ar.office:{pred}",
                                   negated=False, hedged=False, confidence=0.7))
            continue
        entry = gaz.entries.get(s.key)
        body = next((gaz.entries[b] for b in (entry.part_of if entry else []) if b in gaz.entries
                     and gaz.entries[b].cls in ctx.kinds.actor), None)
        if body is None:
            continue
        lead = bool(words & ctx.vocab.lead_roles) and bool(words & _GOVERNMENT_WORDS) \
            and not words & _TITLE_NO_LEAD
        helper = Span(i=0, j=0, key=body.id, name=body.labels.get("ar", body.id), cls=body.cls, rule="first-person")
        ctx.spans.append(helper)
        added.append(helper)
        pred = "leads" if lead else "memberOf"
        out.append(RawRelation(subj=n, obj=len(ctx.spans) - 1, predicate=pred, hit=None, rule=f"ar.office:{pred}",
                               negated=False, hedged=False, confidence=0.7))
    return out


_PROJECTING = frozenset({"threatens", "requests"})


def _projected(ctx: _Ctx, hits: list[TriggerHit], hit: TriggerHit, c: int) -> bool:
    """"تهدد بشن عملية ضد X", "دعا إلى مواجهة X": an act that is only threatened or asked for is no fact."""
    if hit.trigger.frame != "nominal" or ctx.schema.family(hit.trigger.property) in _PROJECTING:
        return False
    return any(h.j <= hit.i and ctx.clause[h.i] == c and hit.i - h.j <= 6
               and ctx.schema.family(h.trigger.property) in _PROJECTING for h in hits)


def _verbal(ctx: _Ctx, hit: TriggerHit, c: int) -> list[tuple[int, int]]:
    toks = ctx.toks
    parent = ctx.schema.family(hit.trigger.property)
    gap = 1 if parent in ("leads", "memberOf") else 2 if parent == "controls" else 4
    quote = toks[hit.i].in_quote
    trig_tok = toks[hit.i].norm
    subjects: list[int] = []
    objs: list[int] = []
    if _answered_attack(ctx, hit.i):
        return []  # "رداً على هجمات بطائرات مسيرة استهدفت X": the answered attackers are not named
    rel = _relative_clause(ctx, hit)
    if rel is not None:
        return [rel]
    if hit.i > 0 and _is(toks[hit.i - 1], _RELATIVE):
        ante = _subject(ctx, hit, c)
        return [(ante, o) for o in _objects_after(ctx, hit.j, c, 4, skip_chain=True)] if ante is not None else []
    stem = trig_tok[1:] if trig_tok[:1] in ("و", "ف") and len(trig_tok) > 3 else trig_tok
    if stem.startswith(("ن", "سن")) and len(stem) >= 4:
        s = ctx.org_idx if quote else ctx.voice_idx
        if s is not None:
            subjects = [s]
            objs = _objects_after(ctx, hit.j, c, gap, skip_chain=True)
    else:
        left = _clause_subjects(ctx, c, hit.i, quote)
        if left:
            subjects = [left[-1], *_coordinated(ctx, left[-1])]
            objs = _objects_after(ctx, hit.j, c, gap, skip_chain=True)
        else:
            # "التخطيط لهجمات ضد X", "العمل مع X": an actor after a trigger that ends in a preposition is its
            # object, never a VSO subject
            prep_final = (hit.j - hit.i > 1 and toks[hit.j - 1].norm in _PREPOSITIONS) or _is(toks[hit.i], _PARTICIPLES)
            right = [] if prep_final else _objects_after(ctx, hit.j, c, 1, skip_chain=True)
            if right:
                # VSO: the actor right after the verb is its subject; the object follows
                subjects = right
                last = ctx.spans[right[-1]]
                objs = _objects_after(ctx, last.j, c, gap, skip_chain=True)
                resume = _after_insertion(ctx, last.j)
                if not objs and resume > last.j and resume < len(toks):
                    objs = _objects_after(ctx, resume, ctx.clause[resume], gap, skip_chain=True)
                if parent == "leads" and objs and ctx.spans[objs[0]].cls == "Person" \
                        and ctx.spans[right[0]].cls != "Person":
                    return [(objs[0], right[0])]  # "ترأس الوفد العراقي وزير الخارجية X": VOS, the person leads
                if objs and parent == "requests" and any(_complement(t) for t in toks[last.j:ctx.spans[objs[0]].i]):
                    # "ويطالب التحالف بتكثيف الضربات ضد داعش": the actor after the verb is its object; the
                    # subject is the previous clause's (a و-verb continues it), the later actor is in a phrase
                    objs = []
                    inherited = _subject(ctx, hit, c)
                    if inherited is not None and toks[hit.i].norm[:1] in ("و", "ف") and inherited not in right:
                        subjects, objs = [inherited], right
                if not objs and hit.trigger.frame == "symmetric" and last.j < len(toks) \
                        and toks[last.j].text in ("،", ","):
                    # "استقبل الوزير X، السفير Y": the object after the comma
                    objs = _objects_after(ctx, last.j + 1, c + 1, 1, skip_chain=True)
                if not objs and hit.trigger.frame == "symmetric" and len(right) == 1:
                    # "زار X أربيل، حيث التقى Y": the visitor (previous clause) meets the actor after the verb
                    inherited = _subject(ctx, hit, c)
                    if inherited is not None and inherited not in right and ctx.spans[inherited].j > 0:
                        subjects, objs = [inherited], right
            else:
                inherited = _subject(ctx, hit, c)
                if inherited is not None:
                    subjects = [inherited]
                    objs = _objects_after(ctx, hit.j, c, gap, skip_chain=True)
    if hit.trigger.frame == "symmetric":
        marker = hit.trigger.object_marker
        if marker is not None:
            # "بحث X مع Y" (kg:objectMarker "مع"): the partner follows مع; a direct object is a topic
            objs = [o for o in objs if _begin(ctx, ctx.spans[o]) > 0
                    and toks[_begin(ctx, ctx.spans[o]) - 1].norm == marker]
        elif toks[hit.j - 1].norm == "مع":
            # "يبحث مع المبعوث الأمريكي مستقبل التحالف": the partner follows مع at once; a later actor is a topic
            objs = [o for o in objs if _gap(ctx, hit.j, _begin(ctx, ctx.spans[o])) == 0]
        if not objs and len(subjects) >= 2:
            # "العراق والولايات المتحدة يبحثان …": the coordinated subjects meet each other
            return [(subjects[0], o) for o in subjects[1:]]
    if parent not in ("locatedIn", "controls"):
        objs = [o for o in objs if not _place_adjunct(ctx, o)]
    return [(s, o) for s in subjects for o in objs]


_IN = _W.words["in"]


def _place_adjunct(ctx: _Ctx, n: int) -> bool:
    """A place right after في says where it happened (تشكل خطراً في دير الزور), it is no object."""
    s = ctx.spans[n]
    b = _begin(ctx, s)
    return s.cls in ctx.kinds.place and b > 0 and _is(ctx.toks[b - 1], _IN)


def _complement(t: Tok) -> bool:
    """A word that opens a prepositional complement or a verbal noun after its preposition (بتكثيف، إلى، ضد)."""
    n = t.norm
    return n == "الي" or (n[:1] in ("ب", "ل") and len(n) >= 4 and not n.startswith(("ال", "بال", "لل")))


_RESUMPTIVE_PREP = _W.words["resumptive_prep"]


def _relative_clause(ctx: _Ctx, hit: TriggerHit) -> tuple[int, int] | None:
    """``مخيم الهول … والذي تسيطر عليه قسد``: the actor after the verb acts on the relative's antecedent."""
    toks = ctx.toks
    k = hit.i - 1
    if k < 0 or not _is(toks[k], _RELATIVE):
        return None
    m = hit.j
    if m < len(toks) and toks[m].norm in _RESUMPTIVE_PREP:
        m += 1
    agent = next((n for n, s in enumerate(ctx.spans) if s.i == m and s.j > s.i and s.cls in ctx.kinds.actor), None)
    if agent is None:
        return None
    left = [n for n, s in enumerate(ctx.spans) if s.i < s.j <= k and k - s.j <= 8 and s is not ctx.spans[agent]]
    if not left:
        return None
    pref = [n for n in left if ctx.spans[n].cls in ctx.kinds.facility | ctx.kinds.actor]
    return agent, (pref or left)[-1]


def _preposition_stripped(t: Tok, hit: TriggerHit) -> bool:
    """A verb form matched only after dropping a ل/ب proclitic: a verb never takes one. (A lemma match is read
    by the analyser, which gives a verb reading only with the clitics a verb takes.)"""
    if hit.lemma:
        return False
    n = t.norm[1:] if t.norm[:1] in ("و", "ف") and len(t.norm) > 3 else t.norm
    if n[:1] not in ("ل", "ب") or n.startswith("ال"):
        return False
    return not any(f.split()[0] in (t.norm, n) for f in hit.trigger.forms)


def _definite(t: Tok, hit: TriggerHit) -> bool:
    """A verb form matched through ``ال`` (القتل) is a noun: treat the trigger as nominal. (A lemma match has
    the frame of the reading the analyser gave: a verbal noun is nominal already.)"""
    if hit.lemma:
        return False
    n = t.norm[1:] if t.norm[:1] in ("و", "ف") else t.norm
    return n.startswith("ال") and not any(f.startswith("ال") for f in hit.trigger.forms if f.split()[0] in
                                          t.variants[:1])


_PRONOUN_HEADS = _W.words["pronoun_heads"]


def _pronoun_head(toks: list[Tok], i: int) -> bool:
    return i > 0 and toks[i - 1].norm in _PRONOUN_HEADS


_IN_RESPONSE = _W.words["in_response"]


def _answered_attack(ctx: _Ctx, i: int) -> bool:
    """A verb within four words after ``رداً على`` (no actor between) describes the attack being answered."""
    toks = ctx.toks
    for k in range(max(1, i - 5), i):
        if toks[k].norm == "علي" and _is(toks[k - 1], _IN_RESPONSE) and not any(
                k < s.i < i for s in ctx.spans) and not any(t.is_punct for t in toks[k:i]):
            return True
    return False
_GIVE_VERBS = _W.words["give_verbs"]
_METONYM_PLACES = frozenset({"Country", "City"})  # دعم واشنطن لبغداد: a capital stands for its government
_AGENT_VERBS = _W.words["agent_verbs"]


def _nominal(ctx: _Ctx, hit: TriggerHit, c: int, parent: str) -> list[tuple[int, int]]:
    """A noun or preposition (see ``_nominal_pairs``), and the giver of a support told in a relative clause."""
    pairs = _nominal_pairs(ctx, hit, c, parent)
    toks = ctx.toks
    if parent == "supports" and hit.j + 2 < len(toks) and _is(toks[hit.j], _RELATIVE) \
            and _is(toks[hit.j + 1], _GIVE_VERBS):
        # "الدعم الذي قدمه التحالف للقوات العراقية": the agent after the verb gives, the ل-phrase receives
        giver = next((n for n, s in enumerate(ctx.spans)
                      if s.i == hit.j + 2 and s.cls in ctx.kinds.actor | _METONYM_PLACES), None)
        if giver is not None:
            pairs += [(giver, o) for o in _objects_after(ctx, ctx.spans[giver].j, c, 1) if o != giver
                      and toks[ctx.spans[o].i].norm[:1] == "ل" and not toks[ctx.spans[o].i].norm.startswith("ال")]
    return _pronoun_object(ctx, hit, pairs)


#: pronoun suffixes (3rd person) that stand for the object of a verbal noun: دعمهم، مواجهتها
_OBJECT_SUFFIXES = ("هم", "هما", "ها", "هن")


def _pronoun_object(ctx: _Ctx, hit: TriggerHit, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``نواصل دعمهم في مهمة …``: a verbal noun whose pronoun suffix is its object takes no object after it
    (what follows is an adjunct); the pronoun is the last actor named before it in the sentence. An object
    right after it with ل (``دعمها للقوات``) makes the suffix the agent instead, and the pairs stand."""
    toks, spans = ctx.toks, ctx.spans
    t = toks[hit.i]
    if hit.j - hit.i != 1 or len(t.norm) < 5 or not t.norm.endswith(_OBJECT_SUFFIXES) or not pairs:
        return pairs
    if any(spans[o].i == hit.j and toks[spans[o].i].norm[:1] == "ل" for _, o in pairs):
        return pairs
    subjects = list(dict.fromkeys(s for s, _ in pairs))
    before = [n for n, sp in enumerate(spans) if sp.j > sp.i and sp.j <= hit.i and n not in subjects
              and sp.cls in ctx.kinds.party and sp.rule != "first-person"
              and not any(spans[x].key is not None and spans[x].key == sp.key for x in subjects)]
    return [(s, before[-1]) for s in subjects] if before else []


def _nominal_pairs(ctx: _Ctx, hit: TriggerHit, c: int, parent: str) -> list[tuple[int, int]]:
    """A noun or preposition: ``SUBJ … الضغط على OBJ``; attack nouns also take their agent from
    ``هجمات لـX على OBJ`` or ``الهجوم … الذي شنه X``."""
    toks = ctx.toks
    objs = _objects_after(ctx, hit.j, c, 3)
    if parent not in ("locatedIn", "controls"):
        objs = [o for o in objs if not _place_adjunct(ctx, o)]
    subjects: list[int] = []
    if _pronoun_head(toks, hit.i):
        return []  # "باعتباره تهديدا": the subject is whatever the pronoun refers to
    if parent == "threatens" and objs and hit.j - hit.i == 1:
        first = ctx.spans[objs[0]]
        if _gap(ctx, hit.j, first.i) == 0 and not toks[first.i].norm.startswith(("ل", "علي", "ضد")) \
                and first.cls in ctx.kinds.actor:
            # "تهديدات تنظيم داعش": the genitive is the agent; a target would follow ل/على/ضد
            k = first.j
            nxt = _objects_after(ctx, k, c, 1)
            return [(objs[0], o) for o in nxt if toks[ctx.spans[o].i].norm[:1] in ("ل", "ع", "ض")]
    if parent == "supports" and objs and hit.j - hit.i == 1:
        first = ctx.spans[objs[0]]
        k = first.j
        if _gap(ctx, hit.j, first.i) == 0 and (first.cls in ctx.kinds.actor or first.cls in _METONYM_PLACES) \
                and not toks[first.i].norm.startswith(("ل", "لل")) and k < len(toks) \
                and ((toks[k].norm[:1] == "ل" and not toks[k].norm.startswith("ال"))
                     or (toks[k].norm == "الي" and k + 1 < len(toks) and toks[k + 1].norm == "جانب")):
            # "دعم المملكة المتحدة لبرامج تدريب القوات": the genitive gives, the ل-phrase receives
            return [(objs[0], o) for o in _objects_after(ctx, k, c, 2) if o != objs[0]
                    and ctx.spans[o].cls in ctx.kinds.actor | ctx.kinds.group | _METONYM_PLACES]
    if parent == "opposes" and objs:
        first = ctx.spans[objs[0]]
        ft = toks[first.i]
        if ft.norm.startswith("ل") and ft.norm != ft.variants[-1] and first.cls in ctx.kinds.actor \
                and hit.trigger.property == "attacks" and _gap(ctx, hit.j, first.i) == 0:
            # "هجمات لداعش على السجون": the ل-actor is the agent; the target follows على/ضد
            k = first.j
            if k < len(toks) and toks[k].norm in _TARGET_PREPOSITIONS:
                subjects = [objs[0]]
                objs = _objects_after(ctx, k + 1, c, 1)
            else:
                return []
        if not subjects and hit.j - hit.i == 1 and _gap(ctx, hit.j, first.i) == 0 and first.cls in ctx.kinds.actor \
                and not ft.norm.startswith(("ل", "علي", "ضد")) and hit.trigger.property == "attacks":
            # "هجمات تنظيم داعش الأخيرة على المدنيين": the genitive is the agent, the target follows على/ضد
            k = first.j
            while k < len(toks) and k - first.j < 2 and toks[k].norm not in _TARGET_PREPOSITIONS \
                    and not toks[k].is_punct:
                k += 1
            if k < len(toks) and toks[k].norm in _TARGET_PREPOSITIONS:
                return [(objs[0], o) for o in _objects_after(ctx, k + 1, c, 1)]
            return []
        between = toks[hit.j:first.i]
        if not subjects and any(_is(t, _AGENT_VERBS) for t in between) and first.cls in ctx.kinds.actor:
            # "الهجوم الذي شنه داعش على سجن غويران": the agent comes first, the target after على/ضد
            k = first.j
            subjects = [objs[0]]
            objs = _objects_after(ctx, k + 1, c, 1) if k < len(toks) and toks[k].norm in _TARGET_PREPOSITIONS else []
            if not objs:
                return []
        if not subjects:
            # "… الذي شنه/نفذه X": the agent named in a relative clause after the target
            for k in range(ctx.spans[objs[-1]].j, min(len(toks), ctx.spans[objs[-1]].j + 10)):
                if _is(toks[k], _AGENT_VERBS):
                    agent = next((n for n, s in enumerate(ctx.spans) if s.i == k + 1 and s.cls in ctx.kinds.actor),
                                 None)
                    if agent is not None:
                        subjects = [agent]
                    break
    if not subjects and hit.i >= 2 and toks[hit.i - 1].norm == "علي" and _is(toks[hit.i - 2], _IN_RESPONSE):
        return []  # "جاءت رداً على هجمات …": the attacks answered are someone else's, the clause's actor is no agent
    if not subjects:
        poss = _possessor(ctx, hit, c)
        if poss is not None:
            return [(poss, o) for o in objs]
    if not subjects:
        subj = _subject(ctx, hit, c)
        if subj is None and toks[hit.i].in_quote and ctx.org_idx is not None and not any(
                ctx.clause[s.i] == c and s.j <= hit.i and s.cls in ctx.kinds.actor and _subject_position(ctx, n)
                for n, s in enumerate(ctx.spans) if s.j > s.i) and not _pronoun_head(toks, hit.i):
            subj = ctx.org_idx  # implied by the speaker's organisation
        if subj is None:
            return []
        subjects = [subj, *_coordinated(ctx, subj)]
    return [(s, o) for s in subjects for o in objs]


def _possessor(ctx: _Ctx, hit: TriggerHit, c: int) -> int | None:
    """``يدعم التحالف قسد في حربها ضد داعش``: "its war" belongs to the actor just named before في/على."""
    toks = ctx.toks
    k = hit.i - 1
    if k < 1 or not toks[k].norm.endswith(("ها", "هم")) or toks[k].norm in _RESUMPTIVE_PREP \
            or toks[k - 1].norm not in _POSSESSOR_PREPOSITIONS:
        return None
    left = [n for n, s in enumerate(ctx.spans) if s.i < s.j <= k - 1 and ctx.clause[s.i] == c
            and _gap(ctx, s.j, k - 1) == 0 and s.cls in ctx.kinds.actor]
    return left[-1] if left else None


def _passive(ctx: _Ctx, hit: TriggerHit, c: int, prop: str) -> list[tuple[int, int]]:
    """``بقيادة X`` (X leads what precedes), ``بدعم من X`` / ``بدعوة من X`` (X → the clause's subject)."""
    agents = _objects_after(ctx, hit.j, c, 1)
    if not agents:
        return []
    toks = ctx.toks
    if ctx.schema.family(prop) == "leads":
        led = [n for n, s in enumerate(ctx.spans) if s.i < s.j <= hit.i and ctx.clause[s.i] == c
               and _gap(ctx, s.j, hit.i) <= 1]
        return [(a, led[-1]) for a in agents] if led else []
    targets: list[int] = []
    subj = _subject(ctx, hit, c)
    if subj is not None:
        targets = [subj, *_coordinated(ctx, subj)]
    else:
        # "بدعوة من X، ستستمر Y …": the trigger opens the sentence; the target is the next clause's subject
        words = [m for m in range(hit.i) if ctx.clause[m] == c and not toks[m].is_punct]
        while words and _is(toks[words[0]], _PARTICLES):
            words.pop(0)
        if not words:
            nxt_c = c + 1
            quote = toks[hit.i].in_quote
            subs = _clause_subjects(ctx, nxt_c, len(toks), quote)
            if subs:
                targets = [subs[0], *_coordinated(ctx, subs[0])]
    return [(a, t) for a in agents for t in targets]


_ATTACK_NOUNS = _W.words["attack_nouns"]
_EXPOSED = _W.words["exposed"]
_VICTIM_VERBS = _W.words["victim_verbs"]
_VICTIM_OF = _W.words["victim_of"]


def _actor_near(ctx: _Ctx, k: int, gap: int) -> int | None:
    """The first actor (not nested in a longer span) that starts within ``gap`` words after token ``k``."""
    for n, s in sorted(enumerate(ctx.spans), key=lambda p: p[1].i):
        if s.i >= k and s.j > s.i and not _nested(ctx, n):
            return n if s.cls in ctx.kinds.actor and _gap(ctx, k, s.i) <= gap else None
    return None


def _attack_events(ctx: _Ctx, hits: list[TriggerHit], state: DocState | None,
                   added: list[Span]) -> list[RawRelation]:
    """One attack told in pieces: its target (``تعرضت X لهجوم``, ``الهجوم الذي تعرضت له X``, ``قُتل اثنان من
    مقاتلي X``), its agent (``… من قبل Y``, ``الذي نفذه/تبناه Y``) and who condemned it (``أدان Z الهجوم``) —
    in one sentence, or the agent named in one of the next two sentences."""
    toks = ctx.toks
    n = len(toks)
    has_attack = any(_is(t, _ATTACK_NOUNS) for t in toks)
    if not has_attack and not any(h.trigger.property == "condemns" for h in hits) \
            and not any(_is(t, _EXPOSED) for t in toks):
        if state is not None and state.pending_attack is not None:
            state.pending_attack["age"] = int(state.pending_attack["age"]) + 1  # type: ignore[call-overload]
            if int(state.pending_attack["age"]) >= 2:  # type: ignore[call-overload]
                state.pending_attack = None
        return []
    agent = target = None
    for k, t in enumerate(toks):
        if _is(t, _AGENT_VERBS):
            agent = _actor_near(ctx, k + 1, 2)
        elif t.norm == "من" and k + 1 < n and toks[k + 1].norm == "قبل" and has_attack:
            agent = _actor_near(ctx, k + 2, 2)
        if agent is not None:
            break
    for k, t in enumerate(toks):
        if _is(t, _EXPOSED) and not _negated(toks, k, ctx.vocab):
            after = k + 2 if k + 1 < n and toks[k + 1].norm in _RESUMPTIVE_LAM else k + 1
            target = _actor_near(ctx, after, 3)
            if target is None:
                left = _clause_subjects(ctx, ctx.clause[k], k, t.in_quote)
                target = left[-1] if left else None
        elif (_is(t, _VICTIM_VERBS) or t.text.startswith("قُتل")) and has_attack:
            of = next((x for x in range(k + 1, min(n, k + 4)) if toks[x].norm == "من"), None)
            if of is not None and of + 1 < n and _is(toks[of + 1], _VICTIM_OF):
                target = _actor_near(ctx, of + 2, 0)
            elif of is not None and of + 1 < n and any(toks[of + 1].norm.startswith(v) and toks[of + 1].norm.endswith(
                    ("ها", "ه", "هم")) for v in _VICTIM_OF):
                # "مقتل ثلاثة من عناصرها": the organisation that announced it
                left = _clause_subjects(ctx, ctx.clause[k], k, t.in_quote)
                target = left[-1] if left else None
        if target is not None:
            break
    condemners: list[int] = []
    for h in hits:
        if h.trigger.property == "condemns" and not _negated(toks, h.i, ctx.vocab):
            c = ctx.clause[h.i]
            left = _clause_subjects(ctx, c, h.i, toks[h.i].in_quote)
            condemners += left[-1:] or _objects_after(ctx, h.j, c, 1, skip_chain=True)[:1]
    out: list[RawRelation] = []

    def rel(s: int, o: int, pred: str) -> None:
        if s != o and (ctx.spans[s].key is None or ctx.spans[s].key != ctx.spans[o].key):
            out.append(RawRelation(subj=s, obj=o, predicate=pred, hit=None, rule=f"ar.attack-event:{pred}",
                                   negated=False, hedged=False, confidence=0.7))

    pending = state.pending_attack if state is not None else None
    if agent is None and condemners and state is not None and state.last_agent is not None and has_attack:
        # "… بهجوم شنه داعش. ودانت القنصلية الهجوم": the attack just told
        ctx.spans.append(_copy(state.last_agent, 0, 0, "ar.carried"))
        added.append(ctx.spans[-1])
        for c in condemners:
            rel(c, len(ctx.spans) - 1, "condemns")
        state.last_agent = None
        return out
    if agent is not None and state is not None:
        state.last_agent = ctx.spans[agent]
    elif state is not None:
        state.last_agent = None if state.pending_attack is None and not has_attack else state.last_agent
    if agent is not None:
        if target is not None:
            rel(agent, target, "attacks")
        for c in condemners:
            rel(c, agent, "condemns")
        if pending is not None and has_attack and target is None and not condemners:
            for key in ("target", "condemners"):
                for old in pending.get(key, []):  # type: ignore[attr-defined]
                    ctx.spans.append(_copy(old, 0, 0, "ar.carried"))
                    added.append(ctx.spans[-1])
                    if key == "target":
                        rel(agent, len(ctx.spans) - 1, "attacks")
                    else:
                        rel(len(ctx.spans) - 1, agent, "condemns")
        if state is not None:
            state.pending_attack = None
    elif state is not None and has_attack and (target is not None or condemners):
        state.pending_attack = {"target": [ctx.spans[target]] if target is not None else [],
                                "condemners": [ctx.spans[c] for c in condemners], "age": 0}
    elif pending is not None and state is not None:
        pending["age"] = int(pending["age"]) + 1  # type: ignore[call-overload]
        if int(pending["age"]) >= 2:  # type: ignore[call-overload]
            state.pending_attack = None
    return out


_DIRECTIONS = _W.words["directions"]


def _unit_of(ctx: _Ctx) -> list[RawRelation]:
    """``اللواء 41 في الحشد الشعبي`` / ``… التابع لقيادة العمليات``: a unit is part of the force named after it."""
    out = []
    for n, s in enumerate(ctx.spans):
        if s.rule != "ar.unit":
            continue
        k = s.j
        if k < len(ctx.toks) and ctx.toks[k].norm in _UNIT_LINKS:
            k += 1
        if k == s.j:
            continue
        m = next((m for m, o in enumerate(ctx.spans) if o.i == k and o.j > o.i and o.cls in ctx.kinds.actor), None)
        if m is not None:
            out.append(RawRelation(subj=n, obj=m, predicate="memberOf", hit=None, rule="ar.unit-of",
                                   negated=False, hedged=False, confidence=0.7))
    return out


def _adjacent_places(ctx: _Ctx) -> list[RawRelation]:
    """``قضاء خانقين بمحافظة ديالى``: a place followed directly by بـ + a province is in it."""
    out = []
    for n, s in enumerate(ctx.spans):
        if s.j == s.i or s.cls not in frozenset({"City", "Place"}) | ctx.kinds.facility or _nested(ctx, n):
            continue
        for m, o in enumerate(ctx.spans):
            if o.i == s.j and o.cls in ("Province", "Country") and ctx.toks[o.i].norm.startswith("ب") \
                    and ctx.toks[o.i].norm[1:] in ctx.toks[o.i].variants:
                out.append(RawRelation(subj=n, obj=m, predicate="locatedIn", hit=None, rule="ar.adjacent-place",
                                       negated=False, hedged=False, confidence=0.7))
            elif o.i == s.j + 1 and o.cls in ("Province", "Country") and _is(ctx.toks[s.j], _WITHIN):
                # "سلسلة جبال حمرين ضمن محافظة صلاح الدين": ضمن/داخل + a province right after the place
                out.append(RawRelation(subj=n, obj=m, predicate="locatedIn", hit=None, rule="ar.adjacent-place",
                                       negated=False, hedged=False, confidence=0.7))
    return out


_WITHIN = _W.words["within"]


def _located(ctx: _Ctx, hit: TriggerHit, c: int) -> list[tuple[int, int]]:
    toks = ctx.toks
    held = any(v in _HELD_VERBS for t in toks[hit.i:hit.j] for v in t.variants[:3])
    places = [n for n in _objects_after(ctx, hit.j, c, 3) if ctx.spans[n].cls in ctx.kinds.place]
    if not places and held and hit.j - hit.i == 1:
        # "عقد اجتماع وزاري للتحالف في الرباط": the meeting follows the verb, the place follows في
        meet = next((n for n, s in enumerate(ctx.spans) if s.cls in ctx.kinds.event and s.i >= hit.j
                     and _gap(ctx, hit.j, s.i) <= 1), None)
        if meet is None:
            return []
        k = ctx.spans[meet].j
        while k < len(toks) and k - ctx.spans[meet].j < 5 and toks[k].norm != "في":
            k += 1
        after = [n for n in _objects_after(ctx, k + 1, c, 1)
                 if ctx.spans[n].cls in ctx.kinds.place] if k < len(toks) else []
        return [(meet, after[0])] if after else []
    if not places:
        return []
    place = places[0]
    if held:
        # the meeting: before (الاجتماع الذي عقد في) or after (عقد في الرباط اجتماع وزاري)
        left = [n for n, s in enumerate(ctx.spans) if s.i < s.j <= hit.i and s.cls in ctx.kinds.event
                and _gap(ctx, s.j, hit.i) <= 3]
        if left:
            return [(left[-1], place)]
        right = [n for n, s in enumerate(ctx.spans)
                 if s.i >= ctx.spans[place].j and s.j > s.i and s.cls in ctx.kinds.event]
        return [(right[0], place)] if right else []
    situated = toks[hit.i].norm in _SITUATED
    left = [n for n, s in enumerate(ctx.spans) if s.i < s.j <= hit.i and _gap(ctx, s.j, hit.i) == 0
            and (ctx.clause[s.i] == c or situated)]
    if not left:
        return []
    s = ctx.spans[left[-1]]
    o = ctx.spans[place]
    direction = any(v in _DIRECTIONS for v in toks[hit.i].variants[:2])
    if s.cls in ctx.kinds.event | ctx.kinds.facility or (
            s.cls in ("City", "Province", "Place") and o.cls in ("Province", "Country") and s.cls != o.cls):
        return [(left[-1], place)]
    if direction and s.cls == "Place" and o.cls == "City":
        return []  # "ناحية العظيم شمالي بعقوبة": north of a city is not in it
    return []


def _meeting_of(ctx: _Ctx) -> list[RawRelation]:
    """``اجتماع وزاري للتحالف الدولي`` → the coalition participatesIn the meeting; so does the subject of
    ``عقد X اجتماعا``."""
    out = []
    for n, s in enumerate(ctx.spans):
        if s.cls != "Meeting" or s.rule == "first-person":
            continue
        if any(t.norm in _DURING_WORDS for t in ctx.toks[max(0, s.i - 2):s.i]):
            # "بحث العراق والولايات المتحدة، خلال جولة الحوار …": the sentence's subjects take part
            subs = [m for m, a in enumerate(ctx.spans) if a.j <= s.i and a.j > a.i and not _nested(ctx, m)
                    and (a.cls in ctx.kinds.actor or a.cls == "Country") and _subject_position(ctx, m)]
            for m in subs[:1] + (_coordinated(ctx, subs[0]) if subs else []):
                out.append(RawRelation(subj=m, obj=n, predicate="participatesIn", hit=None, rule="ar.meeting-during",
                                       negated=False, hedged=False, confidence=0.7))
        held = next((k for k in range(max(0, s.i - 8), s.i) if ctx.toks[k].variants[-1] in _HELD_VERB_STEMS
                     or ctx.toks[k].norm in _HELD_VERB_FORMS), None)
        if held is not None and ctx.clause[held] == ctx.clause[s.i]:
            for m, a in enumerate(ctx.spans):
                if held < a.i and a.j <= s.i and a.cls in ctx.kinds.actor and not _nested(ctx, m) \
                        and a.rule != "first-person":
                    out.append(RawRelation(subj=m, obj=n, predicate="participatesIn", hit=None,
                                           rule="ar.meeting-held", negated=False, hedged=False, confidence=0.7))
                    break
        for m, a in enumerate(ctx.spans):
            if a.i == s.j and a.cls in ctx.kinds.actor and ctx.toks[a.i].norm[:1] == "ل" and a.rule != "first-person":
                out.append(RawRelation(subj=m, obj=n, predicate="participatesIn", hit=None, rule="ar.meeting-of",
                                       negated=False, hedged=False, confidence=0.7))
    return out


def role_relations(spans: list[Span]) -> list[RawRelation]:
    """memberOf / leads from title chains (``رئيس أركان X NAME`` → NAME memberOf X; ``قائد X NAME`` → leads)."""
    out = []
    for n, s in enumerate(spans):
        if s.role_of is None or s.rule != "title":
            continue
        pred = "leads" if s.lead_role else "memberOf"
        out.append(RawRelation(subj=n, obj=s.role_of, predicate=pred, hit=None, rule=f"ar.title:{pred}",
                               negated=False, hedged=False, confidence=0.8))
    return out


_MEDIA_HEADS = _W.words["media_heads"]


#: readings of a one-word model span that name no actor (verbs, particles; participles and unknown words
#: without the article: مستمر، واضحة); a pronoun suffix of the first person is the speaker's, not a name
_MODEL_BAD_ALONE = frozenset({"v", "x"})
_MODEL_BAD_INDEFINITE = frozenset({"ap", "pp", "?"})
_MODEL_NAMES_ALONE = frozenset({"Person", "Place", "Country"})
_FIRST_PERSON_SUFFIX = frozenset({"نا", "ي", "ني"})
#: the model's events (EVT) are no actors: attacks and operations are the attack rules' (``_attack_events``)
_MODEL_NOT_ACTORS = frozenset({"Event"})
#: a bare definite word of these classes refers back (القوات، الحكومة، المتحدث): the anaphora rules' business
_MODEL_ANAPHORIC = frozenset({"Organization", "Person"})


def model_mentions(toks: list[Tok], spans: list[Span], gaz: Gazetteer, analyser: TokenAnalyser | None
                   ) -> list[Span]:
    """Check, name and link the spans the trained mention model gave (``rule == "model"``); returns the spans
    kept. Dropped: a one-word span that is a verb or a particle (``نستمر``, ``وبين``), an indefinite word that is
    not a name or a group noun (``مستمر``, ``واضحة``, ``طريق``), a bare definite noun for an organisation or a
    person (``القوات``, ``المتحدث``: anaphors), a word with a first-person suffix (``شركائنا``: the speaker's,
    found by the attribution rules), an event (``EVT``: attacks are the attack rules'), and Latin letters (site
    furniture). The first word loses its proclitics (``وللقوات العراقية`` → ``القوات العراقية``, ``ومرافق احتجاز``
    → ``مرافق احتجاز``), and a name the gazetteer knows is that actor. An unlinked span becomes a node by its name
    with every article dropped (``قوات عراقية`` and ``القوات العراقية`` are one node:
    :func:`kgraph.resolve.identity_name`)."""
    out = []
    for s in spans:
        if s.rule != "model" or s.j <= s.i:
            out.append(s)
            continue
        t = toks[s.i]
        name = _surface(toks, s.i, s.j)
        if name.isascii() or s.cls in _MODEL_NOT_ACTORS or any(c in _TANWEEN for c in t.text):
            continue  # (tanween: an indefinite common noun, موعداً لانتهاء, opens no name)
        first_reading = analyser.readings(t.norm)[0] if analyser is not None else None
        best = first_reading if isinstance(first_reading, Analysis) else None
        if best is not None:
            if best.derivation == "v" and best.known:
                continue  # a span that opens with a verb (أدان الوزراء هجمات) is no mention
            if s.j - s.i == 1 and s.cls in _MODEL_NAMES_ALONE and best.known and best.derivation != "?":
                continue  # one common word (هجوما) is no name
            if s.j - s.i == 1 and "ال" not in best.proclitics and s.j < len(toks) \
                    and toks[s.j].norm[:1] == "ل" and not toks[s.j].norm.startswith("ال"):
                continue  # "حاجز للجيش العراقي": something of the actor that follows, which the rules take
            if s.j - s.i == 1 and (best.derivation in _MODEL_BAD_ALONE or best.enclitic in _FIRST_PERSON_SUFFIX or (
                    "ال" not in best.proclitics and s.cls not in _MODEL_NAMES_ALONE
                    and (best.derivation in _MODEL_BAD_INDEFINITE or s.cls != "Group")) or (
                    "ال" in best.proclitics and best.known and s.cls in _MODEL_ANAPHORIC)):
                continue  # one word that is no name, nor a group (مسلحون); or a bare anaphor (القوات، الحكومة)
            cut = sum(len(p) for p in best.proclitics if p != "ال")
            if cut and len(t.text) == len(t.norm) and cut < len(t.text):
                first = t.text[cut:]
                if "ال" in best.proclitics and not first.startswith("ال"):
                    first = "ا" + first  # لل = ل + ال
                name = first + name[len(t.text):]
        s.name = name
        if s.key is None:
            words = [x.norm for x in toks[s.i + 1:s.j] if not x.is_punct]
            known = next((ids[0] for v in (fold(name.split()[0]), *t.variants[:3])
                          if (ids := gaz.lookup(" ".join([v, *words])))), None)
            if known is not None:
                s.key, s.cls = known, gaz.entries[known].cls
        out.append(s)
    return out


_STATEMENT_ISSUED = _W.words["statement_issued"]


def statement_cue(toks: list[Tok]) -> bool:
    """Does the sentence say who issued the text (``بيان صادر عن X``, ``أصدرت X البيان التالي``)?"""
    return any(_is(t, _STATEMENT_ISSUED) for t in toks)


#: a header line (an issuer's name, "مكتب المتحدث الرسمي", "للنشر الفوري") has at most this many tokens
HEADER_LINE_TOKENS = 8


def author_of(header: list[tuple[list[Tok], list[Span]]], cues: list[tuple[list[Tok], list[Span]]],
              kinds: Kinds) -> Span | None:
    """The organisation a text speaks for (its author, for "we" that no named speaker claims): the issuer a
    sentence names (``بيان صادر عن X``, ``أصدرت X``), else the organisation that opens the headline
    (``قوات التحالف تدعو …``) or a short header line under it (``وزارة الخارجية الأمريكية``)."""
    def org(s: Span) -> bool:
        return s.j > s.i and s.cls in kinds.actor and s.cls != "Person"

    for toks, spans in cues:
        for k, t in enumerate(toks):
            if not _is(t, _STATEMENT_ISSUED):
                continue
            after = k + 2 if k + 1 < len(toks) and toks[k + 1].norm == "عن" else k + 1
            hit = next((s for s in spans if org(s) and after <= s.i <= after + 2 and not toks[s.i].in_quote), None)
            if hit is not None:
                return hit
    for toks, spans in header:
        hit = next((s for s in spans if org(s) and s.i <= 2 and not toks[s.i].in_quote), None)
        if hit is not None:
            return hit
    return None


def drop_chained_titles(toks: list[Tok], spans: list[Span], state: DocState) -> list[Span]:
    """The model's persons that are the title of a named person are left out: before the name (``السفير
    الأمريكي`` in ``السفير الأمريكي في بغداد دانيال هاريس``) the title chain already ties the post to the name;
    a definite post right after a name (``روبرت ج. ميلر القائد العام``, also after a comma) is in apposition."""
    chains = [(state.chain[id(p)], p.i) for p in spans if p.cls == "Person" and id(p) in state.chain]
    ends = {p.j for p in spans if p.cls == "Person" and p.rule != "model" and p.j > p.i}
    ends |= {j + 1 for j in ends if j < len(toks) and toks[j].text in ("،", ",")}
    return [s for s in spans if not (s.rule == "model" and s.cls == "Person" and (
        any(lo <= s.i and s.j <= hi for lo, hi in chains) or (s.i in ends and toks[s.i].norm.startswith("ال"))))]


def drop_unsafe_gazetteer(toks: list[Tok], spans: list[Span]) -> list[Span]:
    """One-word media names are common words (المدى = range): keep them only in brackets or after a media noun."""
    out = []
    for s in spans:
        if s.cls == "Media" and s.j - s.i == 1:
            before = toks[s.i - 1] if s.i > 0 else None
            after = toks[s.j] if s.j < len(toks) else None
            bracketed = before is not None and after is not None and before.text in ("(", "«", '"', "“") \
                and after.text in (")", "»", '"', "”")
            if not bracketed and not (before is not None and _is(before, _MEDIA_HEADS)):
                continue
        out.append(s)
    return out


_GROUP_HEADS = _W.words["group_heads"]


def quoted_names(toks: list[Tok], spans: list[Span]) -> list[Span]:
    """``«ألوية الناصر صلاح الدين»``: a short quoted phrase that opens with a group head is one organisation
    (it replaces any gazetteer match inside it, e.g. the province صلاح الدين)."""
    out = list(spans)
    n = len(toks)
    for k, t in enumerate(toks):
        if t.text != "«":
            continue
        end = next((m for m in range(k + 1, min(n, k + 7)) if toks[m].text == "»"), None)
        if end is None or end - k < 3 or not _is(toks[k + 1], _GROUP_HEADS):
            continue
        if any(s.i == k + 1 and s.j == end for s in spans):
            continue  # the gazetteer knows the whole name
        out = [s for s in out if not (k < s.i < end)]
        out.append(Span(i=k + 1, j=end, key=None, name=_surface(toks, k + 1, end), cls="ArmedGroup",
                        rule="ar.quoted-name"))
    return out


def update_voice(toks: list[Tok], spans: list[Span], state: DocState, vocab: LanguageData) -> None:
    """The document's voice: the last organisation in subject position outside quotes (for ``نهنئ`` etc.)."""
    ctx = _Ctx(toks=toks, spans=spans, clause=clause_ids(toks), vocab=vocab, org=None, voice=None,
               chain=state.chain)
    for n, s in enumerate(spans):
        if s.cls in state.kinds.actor and s.cls != "Person" and s.rule != "first-person" and not toks[s.i].in_quote \
                and s.j > s.i and _subject_position(ctx, n):
            state.voice = s
            return
