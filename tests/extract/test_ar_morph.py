"""The Arabic analyser (kgraph.extract.lang.ar.morph) on a held-out table of inflected forms and on its tuning forms.

``tests/data/ar_morph/heldout.tsv`` was written by hand for roots the analyser was not developed on;
``tuning.tsv`` holds the forms it was developed on. Both say, per form, the segmentation and lexicon key one reading
must have, or a key no reading may have (over-stemming), or the guessed lemma of a word no lexeme explains.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from kgraph.errors import LanguageDataError
from kgraph.extract.lang.ar import morph

DATA = Path(__file__).resolve().parents[1] / "data" / "ar_morph"


def _table(name: str) -> tuple[list[morph.Lexeme], list[tuple[str, str, str, int]]]:
    lexemes, cases = [], []
    for n, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "lexeme":
            lexemes.append(morph.parse_lexeme(cols[1], cols[2]))
        else:
            cases.append((cols[0], cols[1], cols[2], n))
    return lexemes, cases


@functools.lru_cache(maxsize=2)
def _analyser(name: str) -> morph.Analyser:
    return morph.Analyser([*morph.load_lexemes(), *_table(name)[0]])


def _check(name: str, form: str, segments: str, key: str) -> None:
    readings = _analyser(name).analyse(form)
    shown = [("+".join(r.segments), r.key) for r in readings]
    if segments == "-":
        assert key not in {r.key for r in readings}, f"{form}: over-stemmed into {key}: {shown}"
    elif segments == "?":
        assert len(readings) == 1 and not readings[0].known and readings[0].lemma == key, f"{form}: {shown}"
    else:
        assert any("+".join(r.segments) == segments and r.key == key for r in readings), \
            f"{form}: expected {segments} {key}, got {shown}"


_HELDOUT = _table("heldout.tsv")[1]
_TUNING = _table("tuning.tsv")[1]


@pytest.mark.parametrize(("form", "segments", "key", "line"), _HELDOUT, ids=[f"{c[3]}-{c[0]}" for c in _HELDOUT])
def test_ar_morph_heldout_forms(form: str, segments: str, key: str, line: int) -> None:
    _check("heldout.tsv", form, segments, key)


@pytest.mark.parametrize(("form", "segments", "key", "line"), _TUNING, ids=[f"{c[3]}-{c[0]}" for c in _TUNING])
def test_ar_morph_tuning_forms(form: str, segments: str, key: str, line: int) -> None:
    _check("tuning.tsv", form, segments, key)


def test_ar_morph_heldout_table_is_large_and_varied() -> None:
    lexemes, cases = _table("heldout.tsv")
    forms = {lex.form for lex in lexemes if lex.pos == "verb"}
    assert len(cases) >= 300
    assert forms >= {"1", "2", "3", "4", "5", "6", "7", "8", "10", "Q"}
    tuning = {r.lexeme for c in _TUNING for r in _analyser("tuning.tsv").analyse(c[0]) if r.derivation != "x"}
    assert not tuning & {lex.key for lex in lexemes}


@pytest.mark.parametrize(("spec", "key", "cls", "lemma"), [
    ("استهدف", "هدف/10", "sound", "استهدف"),
    ("قال يقول قول", "قول/1", "hollow-u", "قال"),
    ("دان يدين إدانة", "دين/1", "hollow-i", "دان"),
    ("درّب", "درب/2", "sound", "درب"),
    ("درب يدرب دروب", "درب/1", "sound", "درب"),
    ("دعا يدعو دعوة", "دعو/1", "defective-u", "دعا"),
    ("رمى يرمي رمي", "رمي/1", "defective-i", "رمي"),
    ("التقى", "لقي/8", "defective", "التقي"),
    ("احتلّ", "حلل/8", "doubled", "احتل"),
    ("اتّصل [وصل]", "وصل/8", "sound", "اتصل"),
    ("استمر يستمر استمرار", "مرر/10", "doubled", "استمر"),
    ("استمع يستمع استماع", "سمع/8", "sound", "استمع"),
    ("سيطر", "سيطر/Q", "quad", "سيطر"),
    ("أكّد يؤكّد تأكيد", "ءكد/2", "sound", "اكد"),
    ("أحبط", "حبط/4", "sound", "احبط"),
    ("أسر يأسر -", "ءسر/1", "sound", "اسر"),
    ("بقي يبقى بقاء", "بقي/1", "defective-a", "بقي"),
    ("وصل يصل وصول", "وصل/1", "assimilated", "وصل"),
])
def test_ar_morph_parse_verb_reads_principal_parts(spec: str, key: str, cls: str, lemma: str) -> None:
    lex = morph.parse_verb(spec)
    assert (lex.key, lex.cls, lex.lemma) == (key, cls, lemma)


@pytest.mark.parametrize("spec", ["", "ق", "قال يكتب", "استهدف [كتب]", "رأى يرى"])
def test_ar_morph_parse_verb_rejects_what_it_cannot_read(spec: str) -> None:
    with pytest.raises(LanguageDataError):
        morph.parse_verb(spec)


def test_ar_morph_masdar_dash_means_none() -> None:
    a = morph.Analyser([morph.parse_verb("أسر يأسر -")])
    assert "ءسر/1:m" not in a.keys("الأسر")
    assert "ءسر/1:v" in a.keys("يأسرون")


@pytest.mark.parametrize(("token", "lemma"), [
    ("والاستهداف", "استهداف"), ("بالهجمات", "هجوم"), ("ويلتقيان", "التقي"), ("قواتها", "قوه"),
    ("للتحالف", "تحالف"), ("بالعاصمة", "عاصمه"),
])
def test_ar_morph_lemma(token: str, lemma: str) -> None:
    assert morph.default_analyser().lemma(token) == lemma


def test_ar_morph_keys_are_only_known_readings() -> None:
    a = morph.default_analyser()
    assert a.keys("زقزقة") == frozenset()
    assert "هدف/10:m" in a.keys("والاستهداف")


def test_ar_morph_guess_reads_root_and_pattern() -> None:
    guess = morph.Analyser([]).analyse("الاستقطاب")[0]
    assert (guess.known, guess.proclitics, guess.lemma, guess.root, guess.pattern) == (
        False, ("ال",), "استقطاب", "قطب", "است12ا3")


def test_ar_morph_cache_returns_the_same_readings() -> None:
    a = morph.Analyser(morph.load_lexemes())
    assert a.analyse("وسيدعمونها") is a.analyse("وسيدعمونها")


def test_ar_morph_add_teaches_a_lexeme() -> None:
    a = morph.Analyser([])
    assert not a.analyse("يكتبون")[0].known
    a.add(morph.parse_verb("كتب يكتب كتابة"))
    assert a.analyse("يكتبون")[0].key == "كتب/1:v"


@pytest.mark.parametrize(("patch", "message"), [
    ({"forms": {"1": {"sound": {"P": "12X"}}}}, "bad template"),
    ({"forms": {"1": {"nonsense": {"P": "123"}}}}, "unknown root class"),
    ({"extra": 1}, "unknown sections"),
])
def test_ar_morph_morphology_file_is_validated(tmp_path: Path, patch: dict[str, object], message: str) -> None:
    raw = json.loads(morph.MORPHOLOGY_FILE.read_text(encoding="utf-8"))
    for k, v in patch.items():
        if k == "forms":
            raw["forms"]["1"].update(v["1"])  # type: ignore[index]
        else:
            raw[k] = v
    path = tmp_path / "morphology.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LanguageDataError, match=message):
        morph.load_morphology(path)


def test_ar_morph_lexeme_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "lexemes.tsv"
    path.write_text("verb\tكتب يكتب كتابة\twrite\nverb\tقال يكتب\tsay\n", encoding="utf-8")
    with pytest.raises(LanguageDataError, match=r"lexemes.tsv:2"):
        morph.load_lexemes(path)
