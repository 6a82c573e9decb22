"""Language data files: loaded folded, validated on load (an unknown or missing list names the file and entry)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph.errors import LanguageDataError
from kgraph.extract.data import load_language_data, load_rule_data

LANG = Path(__file__).resolve().parents[2] / "src" / "kgraph" / "extract" / "lang"


def test_data_words_are_folded(tmp_path: Path) -> None:
    path = tmp_path / "language.json"
    content = {"words": {"titles": ["Minister", "وزيرة"]}, "phrases": {"double_negation": ["Not Only"]}}
    path.write_text(json.dumps(content), encoding="utf-8")
    data = load_language_data(path)
    assert data.titles == {"minister", "وزيره"} and data.double_negation == ("not only",) and data.hedges == set()


@pytest.mark.parametrize(("content", "message"), [
    ({"words": {"a": [], "b": []}, "raw": {}}, "unknown entry words.b"),
    ({"words": {}}, r"missing words \['a'\]"),
    ({"words": {"a": ["x", 1]}}, "words.a must be a list of strings"),
    ({"words": {"a": []}, "tables": {}}, "unknown section 'tables'"),
    ({"words": {"a": []}, "maps": {"m": {"x": 1}}}, "maps.m must map strings to strings"),
])
def test_data_rule_lists_are_validated(tmp_path: Path, content: dict[str, object], message: str) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(LanguageDataError, match=message) as err:
        load_rule_data(path, words=("a",), maps=("m",) if "maps" in content else ())
    assert str(path) in str(err.value)


def test_data_raw_lists_keep_spelling_and_order(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"words": {}, "raw": {"suffixes": ["Jr.", "II", "Jr."]}}), encoding="utf-8")
    assert load_rule_data(path, words=(), raw=("suffixes",)).raw["suffixes"] == ("Jr.", "II", "Jr.")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_data_shipped_files_hold_the_word_lists(lang: str) -> None:
    """The rules' word lists are data: each shipped rules.json loads, and its lists are not empty."""
    from kgraph.registry import language

    rules = json.loads((LANG / lang / "rules.json").read_text(encoding="utf-8"))
    assert rules["words"] and all(rules["words"].values())
    assert language(lang).data.speech_verbs and language(lang).data.negations
