"""A language's knowledge as data: word lists, phrases, mappings, tokenizer and sentence settings, lemmas.

Each language plug-in keeps them in JSON files next to its spaCy config (``lang/<code>/language.json`` for what
the shared components read, and files of its own for its rules). Words are folded on load
(:func:`kgraph.ingest.normalize.fold`), so a file is written in ordinary spelling. A file is validated when it is
loaded: an unknown section or list name, or a value of the wrong shape, is a :class:`LanguageDataError` that names
the file and the entry.

The format (every section optional)::

    {
      "words":     {"speech_verbs": ["said", "told"], ...},        # folded word sets
      "phrases":   {"double_negation": ["not only"], ...},         # folded phrases (token sequences)
      "maps":      {"capital_governments": {"baghdad": "iraqi_government"}},
      "tokenizer": {"prefixes": [REGEX], "suffixes": [REGEX], "infixes": [REGEX], "special_cases": ["Gen."]},
      "sentences": {"ends": [".", "!"], "ends_inside_quotes": ["?", "!"]},
      "lemmas":    {"form": "lemma", ...}
    }
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.errors import LanguageDataError
from kgraph.ingest.normalize import fold

#: Word lists every language may give; the shared components and the generic rules read them.
SHARED_WORDS = frozenset({
    "speech_verbs",       # words that introduce reported speech (said / قال)
    "continue_verbs",     # speech verbs that, with no named subject, continue the last speaker (added / أضاف)
    "negated_speech",     # speech verbs that deny what follows (denied / نفى)
    "titles",             # role words that introduce a person (spokesman, minister / المتحدث، وزير)
    "member_roles",       # posts that make "ROLE ORG NAME" a member of ORG
    "lead_roles",         # posts that lead the organisation (commander / قائد)
    "first_person",       # we / our forces / نحن / قواتنا: the speaker's organisation
    "negations",          # negation cues before a trigger
    "hedges",             # modality cues (may, expected / ربما، يتوقع)
    "stop",               # function words that never start or end a name
})
SHARED_PHRASES = frozenset({
    "double_negation",    # phrases that cancel a negation ("not only" / لا يعني أنه لن)
})
_SECTIONS = frozenset({"words", "phrases", "maps", "tokenizer", "sentences", "lemmas", "comment"})
_TOKENIZER_KEYS = frozenset({"prefixes", "suffixes", "infixes", "special_cases"})
_SENTENCE_KEYS = frozenset({"ends", "ends_inside_quotes"})


@dataclass(frozen=True)
class TokenizerData:
    """Additions to spaCy's tokenizer rules for one language (regular expressions and special cases)."""

    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    infixes: tuple[str, ...] = ()
    special_cases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LanguageData:
    """Everything a language says as data (see the module docstring for the file format).

    ``words[name]`` is a folded word set, ``phrases[name]`` a tuple of folded phrases, ``maps[name]`` a
    mapping. The shared lists (:data:`SHARED_WORDS`) are also attributes, empty when a language has none.
    """

    source: Path | None = None
    words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    tokenizer: TokenizerData = TokenizerData()
    sentence_ends: frozenset[str] = frozenset({".", "!", "?", "؟", "…"})
    ends_inside_quotes: frozenset[str] = frozenset({"؟", "!", "?"})
    lemmas: Mapping[str, str] = field(default_factory=dict)

    # the shared lists, as plain attributes (the rules read them in their inner loops)
    speech_verbs: frozenset[str] = field(init=False, repr=False)
    continue_verbs: frozenset[str] = field(init=False, repr=False)
    negated_speech: frozenset[str] = field(init=False, repr=False)
    titles: frozenset[str] = field(init=False, repr=False)
    member_roles: frozenset[str] = field(init=False, repr=False)
    lead_roles: frozenset[str] = field(init=False, repr=False)
    first_person: frozenset[str] = field(init=False, repr=False)
    negations: frozenset[str] = field(init=False, repr=False)
    hedges: frozenset[str] = field(init=False, repr=False)
    stop: frozenset[str] = field(init=False, repr=False)
    double_negation: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for name in SHARED_WORDS:
            object.__setattr__(self, name, self.word_set(name))
        object.__setattr__(self, "double_negation", self.phrases.get("double_negation", ()))

    def word_set(self, name: str) -> frozenset[str]:
        """The word list ``name`` (empty when the language has none)."""
        return self.words.get(name, frozenset())


def load_language_data(path: Path, *, words: Iterable[str] = (), phrases: Iterable[str] = (),
                       maps: Iterable[str] = ()) -> LanguageData:
    """Load and validate one language data file.

    ``words``, ``phrases`` and ``maps`` name the lists the plug-in's own rules read, in addition to the shared
    ones (:data:`SHARED_WORDS`, :data:`SHARED_PHRASES`); any other name is an error.

    Raises:
        LanguageDataError: the file cannot be read, is not JSON, or has an unknown or malformed entry.
    """
    return _load(Path(path), frozenset(words) | SHARED_WORDS, frozenset(phrases) | SHARED_PHRASES,
                 frozenset(maps))


@dataclass(frozen=True)
class RuleData:
    """The data of a plug-in's own rules (``rules.json``): ``words`` (folded sets), ``raw`` (word sequences as
    written, e.g. names shown to users), ``maps`` (folded word → value)."""

    source: Path
    words: Mapping[str, frozenset[str]]
    raw: Mapping[str, tuple[str, ...]]
    maps: Mapping[str, Mapping[str, str]]


def load_rule_data(path: Path, *, words: Iterable[str], raw: Iterable[str] = (), maps: Iterable[str] = ()
                   ) -> RuleData:
    """Load a plug-in's ``rules.json`` (``{"words": {name: [word, ...]}, "raw": {...}, "maps": {...}}``), checking
    that it holds exactly the lists the rules read.

    Raises:
        LanguageDataError: the file cannot be read, or a list is unknown, missing or of the wrong shape.
    """
    path = Path(path)
    raw_json = _read_json(path)
    for section in raw_json:
        if section not in ("words", "raw", "maps", "comment"):
            raise LanguageDataError(f"{path}: unknown section {section!r}", fix="use words, raw and maps")
    found: dict[str, dict[str, object]] = {}
    for section, wanted in (("words", frozenset(words)), ("raw", frozenset(raw)), ("maps", frozenset(maps))):
        found[section] = _section(path, raw_json, section, wanted)
        missing = sorted(wanted - set(found[section]))
        if missing:
            raise LanguageDataError(f"{path}: missing {section} {missing}", fix="add them (an empty list is allowed)")
    mappings: dict[str, Mapping[str, str]] = {}
    for name, value in found["maps"].items():
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise LanguageDataError(f"{path}: maps.{name} must map strings to strings")
        mappings[name] = {fold(k): v for k, v in value.items()}
    return RuleData(source=path,
                    words={n: _folded_set(path, f"words.{n}", v) for n, v in found["words"].items()},
                    raw={n: tuple(_strings(path, f"raw.{n}", v)) for n, v in found["raw"].items()},
                    maps=mappings)


@functools.lru_cache(maxsize=32)
def _load(path: Path, words: frozenset[str], phrases: frozenset[str], maps: frozenset[str]) -> LanguageData:
    raw = _read_json(path)
    for section in raw:
        if section not in _SECTIONS:
            raise LanguageDataError(f"{path}: unknown section {section!r}", fix=f"use {sorted(_SECTIONS)}")
    word_sets = {name: _folded_set(path, f"words.{name}", value)
                 for name, value in _section(path, raw, "words", words).items()}
    phrase_lists = {name: tuple(dict.fromkeys(fold(p) for p in _strings(path, f"phrases.{name}", value)))
                    for name, value in _section(path, raw, "phrases", phrases).items()}
    mappings: dict[str, Mapping[str, str]] = {}
    for name, value in _section(path, raw, "maps", maps).items():
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise LanguageDataError(f"{path}: maps.{name} must map strings to strings")
        mappings[name] = {fold(k): v for k, v in value.items()}
    tok = _section(path, raw, "tokenizer", _TOKENIZER_KEYS)
    tokenizer = TokenizerData(**{k: tuple(_strings(path, f"tokenizer.{k}", v)) for k, v in tok.items()})
    sent = _section(path, raw, "sentences", _SENTENCE_KEYS)
    defaults = LanguageData()
    lemmas = _section(path, raw, "lemmas", None)
    if not all(isinstance(v, str) for v in lemmas.values()):
        raise LanguageDataError(f"{path}: lemmas must map a form to a lemma (strings)")
    return LanguageData(
        source=path, words=word_sets, phrases=phrase_lists, maps=mappings, tokenizer=tokenizer,
        sentence_ends=frozenset(_strings(path, "sentences.ends", sent["ends"])) if "ends" in sent
        else defaults.sentence_ends,
        ends_inside_quotes=frozenset(_strings(path, "sentences.ends_inside_quotes", sent["ends_inside_quotes"]))
        if "ends_inside_quotes" in sent else defaults.ends_inside_quotes,
        lemmas={fold(k): fold(str(v)) for k, v in lemmas.items()})


def _read_json(path: Path) -> dict[str, object]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LanguageDataError(f"{path}: cannot be read ({exc.strerror})", fix="check the plug-in's files") from exc
    except ValueError as exc:
        raise LanguageDataError(f"{path}: not valid JSON: {exc}", fix="fix the JSON at the line named") from exc
    if not isinstance(raw, dict):
        raise LanguageDataError(f"{path}: the top level must be a JSON object")
    return raw


def _section(path: Path, raw: Mapping[str, object], name: str, known: frozenset[str] | None) -> dict[str, object]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise LanguageDataError(f"{path}: {name!r} must be a JSON object")
    if known is not None:
        for key in value:
            if key not in known and key != "comment":
                raise LanguageDataError(f"{path}: unknown entry {name}.{key}",
                                        fix=f"use one of {sorted(known)}, or remove it")
    return {k: v for k, v in value.items() if k != "comment"}


def _strings(path: Path, where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LanguageDataError(f"{path}: {where} must be a list of strings")
    return value


def _folded_set(path: Path, where: str, value: object) -> frozenset[str]:
    return frozenset(fold(w) for w in _strings(path, where, value))


__all__ = ["SHARED_PHRASES", "SHARED_WORDS", "LanguageData", "RuleData", "TokenizerData", "load_language_data",
           "load_rule_data"]
