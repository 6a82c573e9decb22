"""Arabic morphological analysis: clitics, inflection, lemma, root and pattern of a folded token.

The analyser knows *lexemes* (a verb given by its principal parts, a noun by its singular and plurals, a particle),
generates every inflected form of each from the affix tables and verb-form patterns of ``morphology.json`` (forms
I–X and the quadriliteral forms, sound and weak roots), and analyses a token by splitting off proclitics
(و ف, then ب ك ل or س ل, then ال; لل = ل + ال) and an enclitic pronoun (ه ها هما هم هن ك كم نا ي ني) and looking
the rest up among the generated forms. So one lexeme covers its perfect, imperfect (every person, number, gender
and mood), imperative, passive, verbal noun (masdar), participles, their plurals and duals, definite and
indefinite, with or without an attached pronoun::

    >>> from kgraph.extract.lang.ar.morph import default_analyser
    >>> a = default_analyser()
    >>> [(x.proclitics, x.lemma, x.derivation, x.enclitic) for x in a.analyse("وسيدعمونها")]
    [(('و', 'س'), 'دعم', 'v', 'ها')]
    >>> a.analyse("شراكتهما")[0].lexeme, a.analyse("شراكتهما")[0].enclitic
    ('شراكه', 'هما')

A token no lexeme explains gets one *guessed* analysis (``known=False``): the article group (وال، بال، لل …) is
split off, and the root and pattern are read from the derived-noun patterns when one fits; nothing else is
stripped, so an unknown word is never cut into a known one. Tokens are folded
(:func:`kgraph.ingest.normalize.fold`) before analysis and results are cached per folded form.

Lexeme specs (the general list ``lexemes.tsv`` and ``kg:verb`` / ``kg:noun`` in a trigger lexicon) are written
in ordinary spelling; :func:`parse_verb` reads a verb's principal parts ``"perfect [imperfect] [masdar ...]
[[root]]"`` — a shadda marks form II/V, the imperfect tells ``قال يقول`` from ``دان يدين``, a masdar or a root in
brackets settles the rare ambiguous perfect (``استمع يستمع استماع``).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from kgraph.errors import LanguageDataError
from kgraph.ingest.normalize import fold

_FOLDER = Path(__file__).resolve().parent
#: the affix tables and verb-form patterns
MORPHOLOGY_FILE = _FOLDER / "morphology.json"
#: the shipped general lexeme list (verbs, nouns, particles of news text)
LEXEME_FILE = _FOLDER / "lexemes.tsv"

#: derivation codes of an analysis
VERB, MASDAR, ACTIVE_PARTICIPLE, PASSIVE_PARTICIPLE, NOUN, PARTICLE, GUESS = "v", "m", "ap", "pp", "n", "x", "?"
DERIVATIONS = (VERB, MASDAR, ACTIVE_PARTICIPLE, PASSIVE_PARTICIPLE, NOUN, PARTICLE)
_NOMINAL = frozenset({MASDAR, ACTIVE_PARTICIPLE, PASSIVE_PARTICIPLE, NOUN})
#: which reading comes first among equally cheap ones (a listed noun before a participle: محافظة)
_RANK = {VERB: 0, MASDAR: 1, NOUN: 2, ACTIVE_PARTICIPLE: 3, PASSIVE_PARTICIPLE: 4, PARTICLE: 5}
_FORM_ORDER = ("1", "2", "3", "4", "5", "6", "10", "8", "7", "Q", "Q2")
_SLOTS_P = ("P0", "Pt", "Pw", "Pd", "Pc")
_SLOTS_I = ("I0", "Ij", "Iw", "Iy", "Ia", "In")
_SLOTS_M = ("M0", "Mv", "Mn")
_SHADDA = "\u0651"
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u0650\u0652-\u065f\u0670\u06d6-\u06ed\u0640]")
_HAMZA = "ء"
_WEAK_FINAL = {"defective-u": "و", "defective-i": "ي", "defective-a": "ي", "defective": "ي"}
_WEAK_MIDDLE = {"hollow-u": "و", "hollow-i": "ي", "hollow-a": "و", "hollow": "و"}


# ------------------------------------------------------------------------------------------------ values
@dataclass(frozen=True, slots=True)
class Lexeme:
    """One dictionary entry the analyser knows.

    ``key`` identifies it (``"دعم/1"``: root and verb form; a noun's or particle's folded singular); ``lemma``
    is the folded dictionary form (a verb's 3rd person masculine singular perfect). ``cls`` is the verb's root
    class (``sound``, ``hollow-u``, ``defective``, …). ``masdars`` are given verbal nouns (form I has no
    predictable one), ``plurals`` a noun's plurals (``+ات`` / ``+ون`` for a sound plural).
    """

    key: str
    pos: str  # "verb" | "noun" | "particle"
    lemma: str
    root: str = ""
    form: str = ""
    cls: str = ""
    masdars: tuple[str, ...] = ()
    plurals: tuple[str, ...] = ()
    bound: str = ""  # a particle's form before a pronoun (على → علي)
    stem: str = ""  # a noun's singular as generated from (folded, a final ى kept)
    gloss: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """One reading of a token.

    ``proclitics`` in order (``("و", "ب", "ال")``), ``stem`` the word without them and without ``enclitic``
    (as written: ``شراكت`` in ``شراكتهما``), ``lemma`` the folded dictionary form of the lexeme behind it, ``lexeme``
    its key, ``derivation`` one of ``v`` (finite verb), ``m`` (masdar), ``ap`` / ``pp`` (active / passive
    participle), ``n`` (noun), ``x`` (particle), ``?`` (a guess for an unknown word); ``root`` and ``pattern``
    (digits for the root letters: ``است12ا3``), ``features`` (``imperfect.pl``, ``f.pl``, …), ``known`` whether a
    lexeme explains it.
    """

    proclitics: tuple[str, ...]
    stem: str
    enclitic: str
    lemma: str
    lexeme: str
    derivation: str
    root: str
    pattern: str
    features: str
    known: bool = True

    @property
    def key(self) -> str:
        """The lexicon key of this reading: ``lexeme:derivation`` (``"دعم/1:m"``)."""
        return f"{self.lexeme}:{self.derivation}"

    @property
    def segments(self) -> tuple[str, ...]:
        """Proclitics, stem and enclitic, in order (``("و", "ال", "تحالف")``)."""
        return (*self.proclitics, self.stem, *((self.enclitic,) if self.enclitic else ()))


class _Form(NamedTuple):
    """A generated word form (without clitics) of one lexeme."""

    lexeme: Lexeme
    derivation: str
    pattern: str
    features: str
    imperfect: bool = False
    rarity: int = 0  # extra cost: a rare reading loses to any commoner reading of the same token
    lemma: str = ""  # a nominal form's own dictionary form (the masdar or participle singular); else the lexeme's


# ------------------------------------------------------------------------------------------------ tables
@dataclass(frozen=True, eq=False)
class Morphology:
    """The affix tables and verb-form patterns of ``morphology.json`` (validated on load)."""

    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    future: tuple[str, ...]
    subjunctive: tuple[str, ...]
    article: str
    noun_enclitics: frozenset[str]
    verb_enclitics: frozenset[str]
    rare_enclitics: frozenset[str]
    verb_prefixes: tuple[str, ...]
    verb_suffixes: Mapping[str, tuple[tuple[str, str, str], ...]]
    costs: Mapping[str, int]
    verb_bound: Mapping[str, str]
    noun_suffixes: Mapping[str, tuple[tuple[str, str | None, str], ...]]
    feminine_suffixes: tuple[tuple[str, str | None, str], ...]
    seats_initial: tuple[str, ...]
    seats_after_prefix: tuple[str, ...]
    seats_inside: tuple[str, ...]
    form8_infix: Mapping[str, tuple[str, str]]
    class_order: tuple[str, ...]
    forms: Mapping[str, Mapping[str, Mapping[str, object]]]
    source: Path = field(default=MORPHOLOGY_FILE)

    def template(self, form: str, cls: str, slot: str) -> str | None:
        """The stem template of ``slot`` for a verb form and root class (falling back to the slot's group)."""
        spec = self.forms[form][cls]
        for name in (slot, slot[:2] if slot.startswith("p") else slot[:1]):
            value = spec.get(name)
            if isinstance(value, str):
                return value
        return None

    def templates(self, form: str, cls: str, slot: str) -> tuple[str, ...]:
        """The noun templates (``mas``, ``ap``, ``pp``) of a verb form and root class."""
        value = self.forms[form][cls].get(slot, [])
        return tuple(value) if isinstance(value, list) else ()


_TEMPLATE_CHARS = frozenset("1234Tءابتثجحخدذرزسشصضطظعغفقكلمنهويى")
_FORM_KEYS = frozenset({*_SLOTS_P, *_SLOTS_I, *_SLOTS_M, "P", "I", "M", "pP", "pI",
                        *(f"p{s}" for s in (*_SLOTS_P, *_SLOTS_I)), "mas", "ap", "pp"})


@functools.lru_cache(maxsize=4)
def load_morphology(path: Path = MORPHOLOGY_FILE) -> Morphology:
    """Load and validate the morphology tables.

    Raises:
        LanguageDataError: the file cannot be read or has an unknown key or a malformed template.
    """
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise LanguageDataError(f"{path}: cannot be read ({exc.strerror})", fix="reinstall kgraph") from exc
    except ValueError as exc:
        raise LanguageDataError(f"{path}: not valid JSON: {exc}", fix="fix the JSON at the line named") from exc

    def strings(where: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LanguageDataError(f"{path}: {where} must be a list of strings")
        return tuple(value)

    def table(where: str, value: object, width: int, optional: int = 0) -> tuple[tuple[str, ...], ...]:
        if not isinstance(value, list) or not all(isinstance(r, list) and width - optional <= len(r) <= width
                                                  for r in value):
            raise LanguageDataError(f"{path}: {where} must be a list of {width}-item lists")
        return tuple(tuple(r) for r in value)

    known = {"comment", "proclitics", "enclitics", "verb_prefixes", "costs", "verb_suffixes", "verb_bound",
             "noun_suffixes", "hamza_seats", "form8_infix", "class_order", "forms"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise LanguageDataError(f"{path}: unknown sections {unknown}", fix=f"use {sorted(known)}")
    pro, enc, seats = raw["proclitics"], raw["enclitics"], raw["hamza_seats"]
    prefixes = "".join(strings("verb_prefixes", raw["verb_prefixes"]))
    suffixes = {k: tuple((str(r[0]), str(r[1]), str(r[2]) if len(r) > 2 else prefixes)
                         for r in table(f"verb_suffixes.{k}", v, 3, optional=1))
                for k, v in raw["verb_suffixes"].items() if k != "comment"}
    costs = {k: v for k, v in raw["costs"].items() if k != "comment"}
    cost_keys = {"proclitic", "enclitic", "enclitic_ه", "rare_enclitic", "preposition_ك", "imperative",
                 "first_person_prefix"}
    if set(costs) != cost_keys or not all(isinstance(v, int) for v in costs.values()):
        raise LanguageDataError(f"{path}: costs must give an integer for each of {sorted(cost_keys)}")
    missing = sorted({*_SLOTS_P, *_SLOTS_I, *_SLOTS_M} - set(suffixes))
    if missing:
        raise LanguageDataError(f"{path}: verb_suffixes lacks {missing}")
    nouns = raw["noun_suffixes"]
    forms: dict[str, dict[str, dict[str, object]]] = {}
    classes = set(strings("class_order", raw["class_order"]))
    for form, by_class in raw["forms"].items():
        for cls, spec in by_class.items():
            if cls not in classes:
                raise LanguageDataError(f"{path}: forms.{form}.{cls}: unknown root class",
                                        fix=f"use one of {sorted(classes)} (class_order)")
            for slot, value in spec.items():
                if slot not in _FORM_KEYS:
                    raise LanguageDataError(f"{path}: forms.{form}.{cls}.{slot}: unknown slot")
                for tmpl in (value if isinstance(value, list) else [value]):
                    if not isinstance(tmpl, str) or not set(tmpl) <= _TEMPLATE_CHARS:
                        raise LanguageDataError(f"{path}: forms.{form}.{cls}.{slot}: bad template {tmpl!r}",
                                                fix="use the digits 1-4, T and Arabic letters")
            forms.setdefault(form, {})[cls] = dict(spec)
    return Morphology(
        conjunctions=strings("proclitics.conjunction", pro["conjunction"]),
        prepositions=strings("proclitics.preposition", pro["preposition"]),
        future=strings("proclitics.future", pro["future"]),
        subjunctive=strings("proclitics.subjunctive", pro["subjunctive"]),
        article=str(pro["article"]),
        noun_enclitics=frozenset(strings("enclitics.noun", enc["noun"])),  # (enc["comment"] is prose)
        verb_enclitics=frozenset(strings("enclitics.verb", enc["verb"])),
        rare_enclitics=frozenset(strings("enclitics.rare", enc["rare"])),
        verb_prefixes=strings("verb_prefixes", raw["verb_prefixes"]),
        verb_suffixes=suffixes,
        costs=costs,
        verb_bound={k: str(v) for k, v in raw["verb_bound"].items() if k != "comment"},
        noun_suffixes={k: tuple((str(a), None if b is None else str(b), str(c))
                                for a, b, c in table(f"noun_suffixes.masculine.{k}", v, 3))
                       for k, v in nouns["masculine"].items()},
        feminine_suffixes=tuple((str(a), None if b is None else str(b), str(c))
                                for a, b, c in table("noun_suffixes.feminine", nouns["feminine"], 3)),
        seats_initial=strings("hamza_seats.initial", seats["initial"]),
        seats_after_prefix=strings("hamza_seats.after_prefix", seats["after_prefix"]),
        seats_inside=strings("hamza_seats.inside", seats["inside"]),
        form8_infix={k: (str(v[0]), str(v[1])) for k, v in raw["form8_infix"].items() if k != "comment"},
        class_order=tuple(raw["class_order"]),
        forms=forms,
        source=Path(path),
    )


# ------------------------------------------------------------------------------------------------ spelling
def spell(text: str) -> str:
    """A lexeme spec in the analyser's spelling: diacritics dropped except shadda, every hamza carrier
    (أ إ ؤ ئ ء) written ``ء``, ``آ`` as ``ءا``, ``ة`` as ``ه``; ``ى`` is kept.

    >>> spell("أَكَّدَ")
    'ءكّد'
    """
    t = unicodedata.normalize("NFC", text)
    t = _DIACRITICS.sub("", t)
    t = t.replace("آ", "ءا").replace("ٱ", "ا")
    for c in "أإؤئ":
        t = t.replace(c, _HAMZA)
    return t.replace("ة", "ه")


def _fold_form(word: str) -> str:
    """Fold a spec word (hamza and alif forms, ى, ة, diacritics; ``اا`` from a hamza on alif written once)."""
    return fold(word).replace("اا", "ا")


def _fold_generated(word: str) -> str:
    """Fold a generated form: its letters are folded already but for ``ى`` and a doubled alif."""
    return word.replace("ى", "ي").replace("اا", "ا")


# ------------------------------------------------------------------------------------------------ verbs
def _fill(tmpl: str, root: str, form: str, m: Morphology, *, prefixed: bool) -> list[str]:
    """The word(s) a stem template gives for ``root`` (several when a radical is a hamza: its seats)."""
    r1 = root[0]
    infix = "ت"
    if "T" in tmpl:
        r1, infix = m.form8_infix.get(root[0], (root[0], "ت"))
    out = [""]
    for pos, ch in enumerate(tmpl):
        if ch in "1234":
            idx = int(ch) - 1
            letter = r1 if idx == 0 else root[idx] if idx < len(root) else root[-1]
            if letter == _HAMZA:
                if pos == 0 and not prefixed:
                    seats = m.seats_initial
                elif idx == 0:
                    seats = m.seats_after_prefix
                else:
                    seats = m.seats_inside
                out = [o + s for o in out for s in seats]
                continue
            out = [o + letter for o in out]
        elif ch == "T":
            out = [o + infix for o in out]
        else:
            out = [o + ch for o in out]
    return out


def _verb_forms(lex: Lexeme, m: Morphology) -> Iterator[tuple[str, _Form, str | None]]:
    """Every finite form of a verb lexeme: (word as written with ى kept, form, bound spelling)."""
    spec = m.forms[lex.form][lex.cls]
    imperative_cost = m.costs["imperative"]
    first_person_cost = m.costs["first_person_prefix"]
    for passive in (False, True):
        for slot in (*_SLOTS_P, *_SLOTS_I, *_SLOTS_M):
            if passive and slot.startswith("M"):
                continue
            if slot.startswith("M") and lex.form == "1" and lex.root.startswith(_HAMZA):
                continue  # the imperative of أخذ، أكل، أمر is irregular (خذ، كل، مر)
            name = f"p{slot}" if passive else slot
            if passive and not any(k == name or k == name[:2] for k in spec):
                continue
            tmpl = m.template(lex.form, lex.cls, name)
            if tmpl is None:
                continue
            imperfect = slot.startswith("I")
            for stem in _fill(tmpl, lex.root, lex.form, m, prefixed=imperfect):
                for suffix, feats, allowed in m.verb_suffixes[slot]:
                    word = stem[:-1] + "ي" if stem.endswith("ى") and suffix else stem
                    word += suffix
                    bound = m.verb_bound.get(suffix)
                    if bound is not None:
                        bound_word = word[: len(word) - len(suffix)] + bound
                    elif word.endswith("ى"):
                        bound_word = word[:-1] + "ا"
                    else:
                        bound_word = word
                    feat = ("passive." if passive else "") + feats
                    if not imperfect:
                        cost = imperative_cost if slot.startswith("M") else 0
                        yield word, _Form(lex, VERB, tmpl, feat, False, cost), bound_word
                        continue
                    for prefix in m.verb_prefixes:
                        if prefix in allowed:
                            cost = first_person_cost if prefix == "ا" else 0
                            yield (prefix + word, _Form(lex, VERB, "ي" + tmpl, feat, True, cost),
                                   prefix + bound_word)


def _noun_inflections(stem: str, kind: str, m: Morphology) -> Iterator[tuple[str, str | None, str]]:
    """(free form, bound form before a pronoun or None, features) of a noun stem (``ى`` kept in the stem)."""
    if stem.endswith("ه"):
        base = stem[:-1]
        for suffix, bound, feats in m.feminine_suffixes:
            yield base + suffix, None if bound is None else base + bound, feats
        return
    for suffix, bound, feats in m.noun_suffixes[kind]:
        if stem.endswith("ى"):
            free = stem[:-1] + ("ي" + suffix if suffix else "ى")
            b = None if bound is None else (stem[:-1] + ("ي" + bound if bound else "ا"))
        else:
            free = stem + suffix
            b = None if bound is None else stem + bound
        yield free, b, feats
        if stem.endswith(_HAMZA) and b is not None and not bound:
            for seat in ("و", "ي"):  # اعتداؤه / اعتدائه
                yield "", stem[:-1] + seat, feats


def _lexeme_forms(lex: Lexeme, m: Morphology) -> Iterator[tuple[str, str | None, _Form]]:
    """Every (free form, bound form, analysis) of a lexeme (folded)."""
    if lex.pos == "verb":
        for word, form, bound in _verb_forms(lex, m):
            yield _fold_generated(word), None if bound is None else _fold_generated(bound), form
        masdars: list[tuple[str, str]] = [(s, "") for s in lex.masdars if s != "-"]
        if not lex.masdars and lex.form != "1":
            masdars = [(s, t) for t in m.templates(lex.form, lex.cls, "mas")
                       for s in _fill(t, lex.root, lex.form, m, prefixed=False)]
        nominal = [(MASDAR, "masdar", masdars),
                   *((code, "participle", [(s, t) for t in m.templates(lex.form, lex.cls, slot)
                                           for s in _fill(t, lex.root, lex.form, m, prefixed=False)])
                     for code, slot in ((ACTIVE_PARTICIPLE, "ap"), (PASSIVE_PARTICIPLE, "pp")))]
        for code, kind, stems in nominal:
            for stem, tmpl in stems:
                lemma = _fold_generated(stem)
                for free, bound, feats in _noun_inflections(stem, kind, m):
                    yield (_fold_generated(free) if free else "", None if bound is None else _fold_generated(bound),
                           _Form(lex, code, tmpl, feats, lemma=lemma))
    elif lex.pos == "noun":
        kind = "adjective" if "+ون" in lex.plurals else "noun"
        stem = lex.stem or lex.lemma
        for free, bound, feats in _noun_inflections(stem, kind, m):
            yield (free and _fold_generated(free), None if bound is None else _fold_generated(bound),
                   _Form(lex, NOUN, "", feats))
        for plural in lex.plurals:
            if plural in ("+ون", "+ين"):
                continue  # the adjective table has them
            if plural == "+ات":
                base = stem[:-1] if stem.endswith("ه") else stem
                yield base + "ات", base + "ات", _Form(lex, NOUN, "", "pl")
                continue
            p = plural
            bound_p = p[:-1] + "ت" if p.endswith("ه") else (p[:-1] + "ا" if p.endswith("ى") else p)
            yield _fold_generated(p), _fold_generated(bound_p), _Form(lex, NOUN, "", "pl")
            if p.endswith(_HAMZA):
                for seat in ("و", "ي"):  # وزراؤه / وزرائه
                    yield "", p[:-1] + seat, _Form(lex, NOUN, "", "pl")
            if not p.endswith(("ه", "ى", "ا")):
                yield _fold_generated(p + "ا"), None, _Form(lex, NOUN, "", "pl.acc")
    else:
        yield lex.lemma, lex.bound or lex.lemma, _Form(lex, PARTICLE, "", "")


def spell_fold(text: str) -> str:
    """Fold a spec word as written (hamza and alif forms, ى, ة, diacritics): what a text with it would show."""
    return _fold_form(text)


# ------------------------------------------------------------------------------------------------ specs
_ROOT_HINT = re.compile(r"\[([^\]]+)\]")


def _template_regex(tmpl: str, form: str) -> re.Pattern[str]:
    """A regex matching a 3ms perfect template in spelled text: groups 1..4 = radicals, group T = the infix."""
    out = []
    seen: dict[str, int] = {}
    for pos, ch in enumerate(tmpl):
        if ch in "1234":
            if ch in seen:
                out.append(f"(?P={'r' + ch})")
            else:
                seen[ch] = pos
                out.append(f"(?P<r{ch}>[^اى\u0651])")
        elif ch == "T":
            out.append("(?P<T>ت|ط|د|)")
        elif ch == "ا" and pos == 0 and form == "4":
            out.append("[اء]")  # أفعل: the hamza of form IV is often written as a bare alif
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out) + "$")


@functools.lru_cache(maxsize=4)
def _perfect_patterns(m: Morphology) -> tuple[tuple[str, str, str, re.Pattern[str]], ...]:
    out = []
    for form in _FORM_ORDER:
        for cls in m.class_order:
            if cls not in m.forms.get(form, {}):
                continue
            tmpl = m.template(form, cls, "P0")
            if tmpl is not None:
                out.append((form, cls, tmpl, _template_regex(tmpl, form)))
    return tuple(out)


def _root_of(match: re.Match[str], form: str, cls: str, m: Morphology) -> list[str]:
    """The root(s) a 3ms perfect match gives (weak letters filled in from the class)."""
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    r1 = groups.get("r1", "")
    if "T" in groups:
        options = [r for r, (c, t) in m.form8_infix.items() if c == r1 and t == groups["T"]]
        if not options:
            if groups["T"] != "ت":
                return []
            options = [r1]
        roots = options
    else:
        roots = [r1]
    r2, r3, r4 = groups.get("r2", ""), groups.get("r3", ""), groups.get("r4", "")
    if cls in _WEAK_MIDDLE:
        middle, last = _WEAK_MIDDLE[cls], r3
        return [r + middle + last for r in roots]
    if cls in _WEAK_FINAL:
        return [r + r2 + _WEAK_FINAL[cls] for r in roots]
    if cls == "doubled":
        return [r + r2 + r2 for r in roots]
    return [r + r2 + r3 + r4 for r in roots]


def _hint_fits(root: str, cls: str, hint: str) -> bool:
    """Whether a root given in brackets fits a candidate root (a weak letter may be و or ي)."""
    if len(hint) != len(root):
        return False
    for n, (a, b) in enumerate(zip(root, hint, strict=True)):
        weak = (n == 1 and cls in _WEAK_MIDDLE) or (n == len(root) - 1 and cls in _WEAK_FINAL)
        if a != b and not (weak and b in "وي") and not (a == _HAMZA and b in "اأإء"):
            return False
    return True


def _shadda_ok(word: str, form: str, cls: str) -> bool:
    """A shadda in the perfect must fall where the form doubles a letter (form II/V: R2; doubled roots)."""
    if _SHADDA not in word:
        return True
    return form in ("2", "5", "8") or cls == "doubled"  # VIII: the assimilated infix (اتّصل، ادّعى)


def parse_verb(spec: str, *, morphology: Morphology | None = None, gloss: str = "") -> Lexeme:
    """A verb lexeme from its principal parts: ``"perfect [imperfect] [masdar ...] [[root]]"``.

    >>> parse_verb("استهدف").key, parse_verb("قال يقول قول").key, parse_verb("درّب").key
    ('هدف/10', 'قول/1', 'درب/2')

    Raises:
        LanguageDataError: the perfect fits no verb form, or the imperfect contradicts it.
    """
    m = morphology or load_morphology()
    hint = _ROOT_HINT.search(spec)
    words = _ROOT_HINT.sub(" ", spec).split()
    if not words:
        raise LanguageDataError(f"verb {spec!r}: empty", fix="give at least the perfect (3rd person masculine)")
    perfect = spell(words[0])
    rest = words[1:]
    imperfect = next((w for w in rest if spell(w).startswith("ي")), None)
    masdars = tuple(w for w in rest if w is not imperfect)
    if "-" in masdars:
        masdars = ("-",)
    root_hint = spell(hint.group(1)).replace(" ", "") if hint else None
    bare = perfect.replace(_SHADDA, "")
    candidates: list[tuple[str, str, str]] = []
    for form, cls, _tmpl, rx in _perfect_patterns(m):
        match = rx.match(bare)
        if match is None or not _shadda_ok(perfect, form, cls):
            continue
        for root in _root_of(match, form, cls, m):
            if cls in ("sound", "assimilated") and len(root) == 3 and root[2] in "وي":
                continue  # a weak last radical makes the verb defective
            if form == "1" and cls == "sound" and root[0] == "و":
                continue  # ... and a weak first one assimilated
            if (form, cls, root) not in candidates:
                candidates.append((form, cls, root))
    if _SHADDA in perfect:
        preferred = [c for c in candidates if c[0] in ("2", "5", "8") or c[1] == "doubled"]
        candidates = preferred or candidates
    if bare.startswith("ا"):  # a bare alif: hamzat al-wasl of VII, VIII, X before أفعل written without its hamza
        candidates.sort(key=lambda c: c[0] == "4")
    if root_hint:
        hinted = [(f, c, root_hint) for f, c, r in candidates if _hint_fits(r, c, root_hint)]
        if not hinted:
            raise LanguageDataError(f"verb {spec!r}: the root [{root_hint}] does not fit the perfect",
                                    fix=f"roots that fit: {sorted({c[2] for c in candidates})}")
        candidates = hinted
    if imperfect is not None:
        folded = spell_fold(imperfect)
        fitting = [c for c in candidates if folded in _third_imperfects(c, m, passive=False)]
        fitting = fitting or [c for c in candidates if folded in _third_imperfects(c, m, passive=True)]
        if not fitting:
            raise LanguageDataError(f"verb {spec!r}: the imperfect {words[1]!r} fits no reading of the perfect",
                                    fix="check the spelling, or give the root in brackets")
        candidates = fitting
    if masdars and masdars != ("-",) and len(candidates) > 1:
        given = {spell_fold(s) for s in masdars}
        fitting = [c for c in candidates if c[0] == "1" or given & _template_masdars(c, m)]
        candidates = fitting or candidates
    if not candidates:
        raise LanguageDataError(f"verb {spec!r}: the perfect {words[0]!r} fits no verb form I-X or quadriliteral",
                                fix="write the 3rd person masculine singular perfect (قتل، استهدف، التقى)")
    form, cls, root = candidates[0]
    if form != "1" or masdars:
        explicit = tuple(masdars) if masdars else ()
    else:
        explicit = ()
    lemma = next(iter(_fill(m.template(form, cls, "P0") or "", root, form, m, prefixed=False)))
    return Lexeme(key=f"{_fold_root(root)}/{form}", pos="verb", lemma=_fold_form(lemma), root=_fold_root(root),
                  form=form, cls=cls,
                  masdars=explicit if explicit == ("-",) else tuple(_noun_spelling(s) for s in explicit),
                  gloss=gloss)


def _fold_root(root: str) -> str:
    return root  # roots keep ء for a hamza radical; they are keys, never matched against text


def _third_imperfects(cand: tuple[str, str, str], m: Morphology, *, passive: bool) -> set[str]:
    form, cls, root = cand
    out: set[str] = set()
    for slot in (("pI0",) if passive else ("I0",)):
        if slot.startswith("p") and not any(k in m.forms[form][cls] for k in (slot, "pI")):
            continue
        tmpl = m.template(form, cls, slot)
        if tmpl:
            out |= {_fold_form("ي" + s) for s in _fill(tmpl, root, form, m, prefixed=True)}
    return out


def _template_masdars(cand: tuple[str, str, str], m: Morphology) -> set[str]:
    form, cls, root = cand
    return {_fold_form(s) for t in m.templates(form, cls, "mas") for s in _fill(t, root, form, m, prefixed=False)}


def parse_noun(spec: str, *, gloss: str = "") -> Lexeme:
    """A noun lexeme: ``"singular [plural ...]"``; ``+ات`` / ``+ون`` for sound plurals (``+ون`` also gives the
    feminine and dual forms of an adjective or participle-like noun).

    >>> parse_noun("هجوم هجمات").plurals
    ('هجمات',)
    """
    words = spec.split()
    if not words:
        raise LanguageDataError(f"noun {spec!r}: empty", fix="give the singular")
    plurals = tuple(w if w.startswith("+") else _noun_spelling(w) for w in words[1:])
    lemma = _fold_form(words[0])
    return Lexeme(key=lemma, pos="noun", lemma=lemma, plurals=plurals, stem=_noun_spelling(words[0]), gloss=gloss)


def _noun_spelling(word: str) -> str:
    """A noun form for generation: folded, but a final ى kept (it turns into ا before a pronoun)."""
    folded = _fold_form(word)
    return folded[:-1] + "ى" if word.endswith("ى") else folded


def parse_particle(spec: str, *, gloss: str = "") -> Lexeme:
    """A particle (preposition, conjunction …) and, when it changes before a pronoun, its bound form:
    ``"على علي"``."""
    words = [_fold_form(w) for w in spec.split()]
    if not words:
        raise LanguageDataError(f"particle {spec!r}: empty")
    return Lexeme(key=words[0], pos="particle", lemma=words[0], bound=words[1] if len(words) > 1 else "",
                  gloss=gloss)


def parse_lexeme(pos: str, spec: str, *, gloss: str = "", morphology: Morphology | None = None) -> Lexeme:
    """A lexeme of part of speech ``pos`` (``verb``, ``noun``, ``particle``) from its spec."""
    if pos == "verb":
        return parse_verb(spec, morphology=morphology, gloss=gloss)
    if pos == "noun":
        return parse_noun(spec, gloss=gloss)
    if pos == "particle":
        return parse_particle(spec, gloss=gloss)
    raise LanguageDataError(f"unknown part of speech {pos!r} for {spec!r}", fix="use verb, noun or particle")


@functools.lru_cache(maxsize=4)
def load_lexemes(path: Path = LEXEME_FILE) -> tuple[Lexeme, ...]:
    """The lexemes of a TSV file: ``pos<TAB>spec<TAB>gloss`` per line, ``#`` comments.

    Raises:
        LanguageDataError: a line that is not three columns or whose spec cannot be read (file and line named).
    """
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LanguageDataError(f"{path}: cannot be read ({exc.strerror})", fix="reinstall kgraph") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            raise LanguageDataError(f"{path}:{n}: expected pos<TAB>spec<TAB>gloss, got {len(cols)} columns")
        try:
            out.append(parse_lexeme(cols[0].strip(), cols[1].strip(), gloss=cols[2].strip()))
        except LanguageDataError as exc:
            raise LanguageDataError(f"{path}:{n}: {exc.message}", fix=exc.fix) from exc
    return tuple(out)


# ------------------------------------------------------------------------------------------------ analyser
_CACHE_MAX = 200_000


class Analyser:
    """Analyses folded Arabic tokens against a set of lexemes (see the module docstring).

    Args:
        lexemes: the lexemes it knows (later ones add readings; the same key twice is merged).
        morphology: the affix tables (default: the shipped ``morphology.json``).
    """

    def __init__(self, lexemes: Iterable[Lexeme], *, morphology: Morphology | None = None) -> None:
        self.morphology = m = morphology or load_morphology()
        self.lexemes: dict[str, Lexeme] = {}
        self._free: dict[str, list[_Form]] = {}
        self._bound: dict[str, list[_Form]] = {}
        for lex in lexemes:
            self.add(lex)
        self._proclitics = _proclitic_table(m)
        self._enclitics = sorted(m.noun_enclitics | m.verb_enclitics, key=len, reverse=True)
        self._cache: dict[str, tuple[Analysis, ...]] = {}
        self._guess_patterns = _guess_patterns(m)
        c = m.costs
        self._proclitic_cost, self._kaf_cost = c["proclitic"], c["preposition_ك"]
        self._enclitic_costs = {e: (c["enclitic_ه"] if e == "ه" else c["enclitic"])
                                + (c["rare_enclitic"] if e in m.rare_enclitics else 0)
                                for e in m.noun_enclitics | m.verb_enclitics}

    def add(self, lex: Lexeme) -> None:
        """Teach the analyser one more lexeme (clears the cache)."""
        if lex.key in self.lexemes and self.lexemes[lex.key] == lex:
            return
        self.lexemes[lex.key] = lex
        for free, bound, form in _lexeme_forms(lex, self.morphology):
            if free:
                lst = self._free.setdefault(free, [])
                if form not in lst:
                    lst.append(form)
            if bound:
                lst = self._bound.setdefault(bound, [])
                if form not in lst:
                    lst.append(form)
        if hasattr(self, "_cache"):
            self._cache.clear()

    def analyse(self, token: str) -> tuple[Analysis, ...]:
        """The readings of a token (folded first), best first; an unknown word has one guessed reading."""
        word = fold(token)
        hit = self._cache.get(word)
        if hit is None:
            hit = self._analyse(word)
            if len(self._cache) < _CACHE_MAX:
                self._cache[word] = hit
        return hit

    def lemma(self, token: str) -> str:
        """The lemma of the best reading (folded)."""
        return self.analyse(token)[0].lemma

    def keys(self, token: str) -> frozenset[str]:
        """The lexicon keys (``lexeme:derivation``) of the token's known readings."""
        return frozenset(a.key for a in self.analyse(token) if a.known)

    # ---------------------------------------------------------------------------------------- internals
    def _analyse(self, word: str) -> tuple[Analysis, ...]:
        m = self.morphology
        found: list[tuple[int, int, Analysis]] = []
        order = _RANK
        n = len(word)
        for enc in ("", *self._enclitics):
            if enc and (not word.endswith(enc) or n - len(enc) < 1):
                continue
            host = word[: n - len(enc)] if enc else word
            table = self._bound if enc else self._free
            enc_cost = self._enclitic_costs.get(enc, 0)
            for text, clitics, kinds in self._proclitics:
                if not host.startswith(text):
                    continue
                base = enc_cost + len(clitics) * self._proclitic_cost + (self._kaf_cost if "ك" in clitics else 0)
                cores = [host[len(text):]]
                if text.endswith("لل"):
                    cores.append("ل" + cores[0])  # للجنة = ل + ال + لجنة
                for core in cores:
                    if len(core) < 2 and not enc:
                        continue
                    for form in table.get(core, ()):
                        if not _allowed(form, clitics, kinds, enc, m):
                            continue
                        cost = base + form.rarity
                        lex = form.lexeme
                        found.append((cost, order[form.derivation], Analysis(
                            proclitics=clitics, stem=core, enclitic=enc, lemma=form.lemma or lex.lemma,
                            lexeme=lex.key,
                            derivation=form.derivation, root=lex.root, pattern=form.pattern, features=form.features)))
        if not found:
            return (self._guess(word),)
        best = min(c for c, _, _ in found)
        kept = sorted(((c, d, a) for c, d, a in found if c == best), key=lambda x: x[1])
        return tuple(dict.fromkeys(a for _, _, a in kept))

    def _guess(self, word: str) -> Analysis:
        """The reading of an unknown word: the article group split off, root and pattern when one fits."""
        m = self.morphology
        clitics: tuple[str, ...] = ()
        stem = word
        for text, cl, _kinds in self._proclitics:  # longest first
            if m.article in cl and word.startswith(text) and len(word) - len(text) >= 2:
                clitics, stem = cl, word[len(text):]
                break
        root, pattern = "", ""
        for tmpl, rx in self._guess_patterns.get(len(stem), ()):
            match = rx.match(stem)
            if match:
                root = "".join(g for g in match.groups() if g)
                pattern = tmpl
                break
        return Analysis(proclitics=clitics, stem=stem, enclitic="", lemma=stem, lexeme=stem, derivation=GUESS,
                        root=root, pattern=pattern, features="", known=False)


def _allowed(form: _Form, clitics: tuple[str, ...], kinds: str, enc: str, m: Morphology) -> bool:
    """Whether a generated form may carry these clitics."""
    nominal = form.derivation in _NOMINAL
    if kinds == "noun" and not nominal:
        return False
    if kinds == "verb" and not (form.derivation == VERB and form.imperfect):
        return False
    if kinds == "noun|verb" and not (nominal or (form.derivation == VERB and form.imperfect)):
        return False
    if m.article in clitics and enc:
        return False
    if form.derivation == PARTICLE and clitics and clitics != ("و",) and clitics != ("ف",):
        return False
    if len(form.lexeme.lemma) < 2 and not enc:
        return False
    if enc:
        if form.derivation == VERB:
            return enc in m.verb_enclitics
        if form.derivation == PARTICLE:
            return True
        return enc in m.noun_enclitics
    return True


def _proclitic_table(m: Morphology) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(written prefix, clitics, which words may follow: any / noun / verb / noun|verb), longest first."""
    out: dict[str, tuple[tuple[str, ...], str]] = {"": ((), "any")}
    for conj in ("", *m.conjunctions):
        c = (conj,) if conj else ()
        if conj:
            out[conj] = (c, "any")
        for fut in m.future:
            out[conj + fut] = ((*c, fut), "verb")
        for prep in m.prepositions:
            kinds = "noun|verb" if prep in m.subjunctive else "noun"
            out.setdefault(conj + prep, ((*c, prep), kinds))
            if prep == "ل":
                out[conj + "لل"] = ((*c, prep, m.article), "noun")
            else:
                out[conj + prep + m.article] = ((*c, prep, m.article), "noun")
        out[conj + m.article] = ((*c, m.article), "noun")
    return tuple(sorted(((k, v[0], v[1]) for k, v in out.items()), key=lambda x: -len(x[0])))


def _guess_patterns(m: Morphology) -> dict[int, list[tuple[str, re.Pattern[str]]]]:
    """Derived-noun and verb-form templates with at least two fixed letters, by length (for unknown words)."""
    seen: set[str] = set()
    out: dict[int, list[tuple[str, re.Pattern[str]]]] = {}
    for form in _FORM_ORDER:
        for _cls, spec in m.forms.get(form, {}).items():
            for slot in ("mas", "ap", "pp", "P0"):
                value = spec.get(slot)
                for tmpl in (value if isinstance(value, list) else [value] if isinstance(value, str) else []):
                    t = tmpl.replace("T", "ت").replace("ى", "ي")
                    fixed = sum(1 for ch in t if ch not in "1234")
                    if t in seen or fixed < 2 or len(set(ch for ch in t if ch in "1234")) < 3:
                        continue
                    seen.add(t)
                    rx = "".join("([^اوي])" if ch in "1234" else re.escape(ch) for ch in t)
                    out.setdefault(len(t), []).append((tmpl, re.compile(rx + "$")))
    return out


@functools.lru_cache(maxsize=1)
def default_analyser() -> Analyser:
    """The analyser over the shipped lexeme list (``lexemes.tsv``); the trigger lexicon adds its own."""
    return Analyser(load_lexemes())


__all__ = ["ACTIVE_PARTICIPLE", "DERIVATIONS", "GUESS", "LEXEME_FILE", "MASDAR", "MORPHOLOGY_FILE", "NOUN", "PARTICLE",
           "PASSIVE_PARTICIPLE", "VERB", "Analyser", "Analysis", "Lexeme", "Morphology", "default_analyser",
           "load_lexemes", "load_morphology", "parse_lexeme", "parse_noun", "parse_particle", "parse_verb", "spell",
           "spell_fold"]
